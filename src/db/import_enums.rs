//! The words an import stores (migration `2026-12-02-000017_imports` lists them in CHECKs):
//! where an import stands, each row's outcome, and why a row is refused.

use diesel::backend::Backend;
use diesel::deserialize::{self, FromSql};
use diesel::serialize::{self, Output, ToSql};
use diesel::sql_types::Text;

text_enum! {
    /// Where an import stands.
    pub enum ImportStatus {
        /// Its rows are being stored (a few thousand to a transaction): shown nowhere yet.
        Staging = "staging",
        /// Read and classified; nothing written yet.
        Review = "review",
        /// Committed: chunks are being written.
        Committing = "committing",
        /// Every row written or refused.
        Done = "done",
    }
}

text_enum! {
    /// What a row does (in the review: what it would do; after the commit: what it did).
    pub enum ImportOutcome {
        New = "new" => "import-outcome-new",
        Update = "update" => "import-outcome-update",
        Unchanged = "unchanged" => "import-outcome-unchanged",
        Error = "error" => "import-outcome-error",
    }
}

text_enum! {
    /// Why a row is refused.
    pub enum ImportProblem {
        MalformedEmail = "malformed_email" => "import-problem-malformed-email",
        PhoneNoCountryCode = "phone_no_country_code" => "import-problem-phone-no-country-code",
        MalformedPhone = "malformed_phone" => "import-problem-malformed-phone",
        /// Neither a first nor a last name (for a new card).
        NoName = "no_name" => "import-problem-no-name",
        /// Neither an e-mail address nor a phone number.
        NoContact = "no_contact" => "import-problem-no-contact",
        UnknownKind = "unknown_kind" => "import-problem-unknown-kind",
        /// A department the organisation does not have (created on commit when asked).
        UnknownDepartment = "unknown_department" => "import-problem-unknown-department",
        UnknownRole = "unknown_role" => "import-problem-unknown-role",
        /// The e-mail address or phone number of an earlier row of the file.
        DuplicateInFile = "duplicate_in_file" => "import-problem-duplicate-in-file",
        /// The e-mail address is one member's, the phone number another's.
        ContactConflict = "contact_conflict" => "import-problem-contact-conflict",
        /// "Send invitation": no seat left for this row.
        SeatLimit = "seat_limit" => "import-problem-seat-limit",
        /// "Send invitation": the admin's daily invitation limit is used up.
        DailyLimit = "daily_limit" => "import-problem-daily-limit",
        /// A cell longer than a card keeps.
        TooLong = "too_long" => "import-problem-too-long",
    }
}
