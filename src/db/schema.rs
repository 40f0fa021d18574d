// Hand-kept Diesel schema; mirrors migrations/{sqlite,postgres}.
// Text columns that hold a state, channel, kind, reason or audit action are read and written as
// the enums of `db::enums` (ToSql/FromSql for Text); the database CHECKs their values.

diesel::table! {
    platform_settings (key) {
        key -> Text,
        value -> Text,
    }
}

diesel::table! {
    organisations (id) {
        id -> BigInt,
        name -> Text,
        customer_number -> Text,
        seat_limit -> Integer,
        daily_invite_limit -> Integer,
        invite_policy -> Text,
        invitation_lifetime_hours -> Integer,
        created_at -> Timestamp,
        default_locale -> Text,
        default_message -> Text,
        employee_app_url -> Nullable<Text>,
        customer_app_url -> Nullable<Text>,
        disabled_at -> Nullable<Timestamp>,
    }
}

diesel::table! {
    accounts (id) {
        id -> BigInt,
        email -> Nullable<Text>,
        phone -> Nullable<Text>,
        password_hash -> Nullable<Text>,
        first_name -> Text,
        last_name -> Text,
        locale -> Text,
        is_operator -> Bool,
        disabled_at -> Nullable<Timestamp>,
        created_at -> Timestamp,
        updated_at -> Timestamp,
        email_unproven -> Bool,
    }
}

diesel::table! {
    departments (id) {
        id -> BigInt,
        org_id -> BigInt,
        name -> Text,
        created_at -> Timestamp,
    }
}

diesel::table! {
    roles (id) {
        id -> BigInt,
        org_id -> BigInt,
        name -> Text,
        created_at -> Timestamp,
    }
}

diesel::table! {
    members (id) {
        id -> BigInt,
        org_id -> BigInt,
        account_id -> Nullable<BigInt>,
        first_name -> Text,
        last_name -> Text,
        email -> Nullable<Text>,
        phone -> Nullable<Text>,
        kind -> Text,
        department_id -> Nullable<BigInt>,
        position -> Text,
        is_admin -> Bool,
        invite_status -> Text,
        invite_error -> Nullable<Text>,
        last_invited_at -> Nullable<Timestamp>,
        search_text -> Text,
        name_key -> Text,
        created_at -> Timestamp,
        updated_at -> Timestamp,
    }
}

diesel::table! {
    member_counts (org_id, invite_status) {
        org_id -> BigInt,
        invite_status -> Text,
        n -> BigInt,
    }
}

diesel::table! {
    /// Bumped by triggers with every change a filter of the users table could see (migration
    /// 000025): what kept counts per status are checked against.
    member_changes (org_id) {
        org_id -> BigInt,
        version -> BigInt,
    }
}

diesel::table! {
    member_roles (member_id, role_id) {
        member_id -> BigInt,
        role_id -> BigInt,
    }
}

diesel::table! {
    invitations (id) {
        id -> BigInt,
        org_id -> BigInt,
        member_id -> BigInt,
        inviter_account_id -> Nullable<BigInt>,
        channel -> Text,
        recipient -> Text,
        token_hash -> Nullable<Text>,
        token_generation -> Integer,
        status -> Text,
        error -> Nullable<Text>,
        department_id -> Nullable<BigInt>,
        grant_admin -> Bool,
        message -> Text,
        locale -> Text,
        created_at -> Timestamp,
        sent_at -> Nullable<Timestamp>,
        expires_at -> Nullable<Timestamp>,
        accepted_at -> Nullable<Timestamp>,
        accepted_account_id -> Nullable<BigInt>,
        revoked_at -> Nullable<Timestamp>,
        batch_id -> Nullable<BigInt>,
        replaced_by -> Nullable<BigInt>,
        handed_over -> Bool,
    }
}

diesel::table! {
    invite_batches (id) {
        id -> BigInt,
        org_id -> BigInt,
        created_by_account_id -> Nullable<BigInt>,
        created_at -> Timestamp,
    }
}

diesel::table! {
    invitation_roles (invitation_id, role_id) {
        invitation_id -> BigInt,
        role_id -> BigInt,
    }
}

diesel::table! {
    outbox_jobs (id) {
        id -> BigInt,
        kind -> Text,
        payload -> Text,
        idempotency_key -> Text,
        run_at -> Timestamp,
        attempts -> Integer,
        max_attempts -> Integer,
        locked_by -> Nullable<Text>,
        locked_until -> Nullable<Timestamp>,
        last_error -> Nullable<Text>,
        failed_at -> Nullable<Timestamp>,
        created_at -> Timestamp,
    }
}

diesel::table! {
    audit_events (id) {
        id -> BigInt,
        org_id -> Nullable<BigInt>,
        actor_account_id -> Nullable<BigInt>,
        action -> Text,
        subject -> Text,
        details -> Text,
        request_id -> Text,
        created_at -> Timestamp,
    }
}

diesel::table! {
    password_resets (id) {
        id -> BigInt,
        account_id -> BigInt,
        channel -> Text,
        recipient -> Text,
        nonce -> Text,
        token_hash -> Text,
        bound_hash -> Text,
        created_at -> Timestamp,
        expires_at -> Timestamp,
        used_at -> Nullable<Timestamp>,
    }
}

diesel::table! {
    form_submissions (account_id, submission) {
        account_id -> BigInt,
        submission -> Text,
        outcome -> Text,
        created_at -> Timestamp,
    }
}

diesel::table! {
    sessions (id) {
        id -> Text,
        account_id -> Nullable<BigInt>,
        state -> Text,
        created_at -> Timestamp,
        expires_at -> Timestamp,
        signed_in_at -> Nullable<Timestamp>,
    }
}

diesel::table! {
    throttles (key) {
        key -> Text,
        window_start -> Timestamp,
        hits -> BigInt,
        expires_at -> Timestamp,
    }
}

diesel::table! {
    setup_tokens (id) {
        id -> BigInt,
        token_hash -> Text,
        email -> Nullable<Text>,
        created_at -> Timestamp,
        expires_at -> Timestamp,
        used_at -> Nullable<Timestamp>,
    }
}

diesel::table! {
    imports (id) {
        id -> BigInt,
        org_id -> BigInt,
        created_by_account_id -> Nullable<BigInt>,
        file_name -> Text,
        send_invitation -> Bool,
        default_kind -> Text,
        create_departments -> Bool,
        status -> Text,
        total_rows -> Integer,
        batch_id -> Nullable<BigInt>,
        created_at -> Timestamp,
        committed_at -> Nullable<Timestamp>,
        finished_at -> Nullable<Timestamp>,
        committed_by_account_id -> Nullable<BigInt>,
    }
}

diesel::table! {
    import_rows (import_id, line) {
        import_id -> BigInt,
        line -> Integer,
        email -> Text,
        phone -> Text,
        first_name -> Text,
        last_name -> Text,
        kind -> Text,
        department -> Text,
        position -> Text,
        roles -> Text,
        outcome -> Text,
        problem -> Nullable<Text>,
        member_id -> Nullable<BigInt>,
        done -> Bool,
        invited -> Bool,
    }
}

diesel::joinable!(departments -> organisations (org_id));
diesel::joinable!(password_resets -> accounts (account_id));
diesel::joinable!(roles -> organisations (org_id));
diesel::joinable!(members -> organisations (org_id));
diesel::joinable!(members -> accounts (account_id));
diesel::joinable!(members -> departments (department_id));
diesel::joinable!(member_roles -> members (member_id));
diesel::joinable!(member_roles -> roles (role_id));
diesel::joinable!(invitations -> organisations (org_id));
diesel::joinable!(invitations -> members (member_id));
diesel::joinable!(invitation_roles -> invitations (invitation_id));
diesel::joinable!(invitations -> invite_batches (batch_id));
diesel::joinable!(invite_batches -> organisations (org_id));
diesel::joinable!(invitation_roles -> roles (role_id));
diesel::joinable!(import_rows -> imports (import_id));
diesel::joinable!(imports -> organisations (org_id));

diesel::table! {
    deleted_sends (id) {
        id -> BigInt,
        org_id -> BigInt,
        inviter_account_id -> Nullable<BigInt>,
        created_at -> Timestamp,
    }
}

diesel::allow_tables_to_appear_in_same_query!(
    platform_settings,
    deleted_sends,
    organisations,
    accounts,
    departments,
    roles,
    members,
    member_counts,
    member_changes,
    member_roles,
    invitations,
    invitation_roles,
    invite_batches,
    imports,
    import_rows,
    outbox_jobs,
    audit_events,
    sessions,
    password_resets,
    setup_tokens,
    throttles,
);

diesel::table! {
    two_factor (account_id) {
        account_id -> BigInt,
        secret -> Text,
        last_step -> BigInt,
        enabled_at -> Timestamp,
    }
}

diesel::table! {
    two_factor_recovery_codes (account_id, digest) {
        account_id -> BigInt,
        digest -> Text,
        used_at -> Nullable<Timestamp>,
        created_at -> Timestamp,
    }
}
