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
        id -> Text,
        name -> Text,
        customer_number -> Text,
        seat_limit -> Integer,
        daily_invite_limit -> Integer,
        invite_policy -> Text,
        invitation_lifetime_hours -> Integer,
        created_at -> Timestamp,
    }
}

diesel::table! {
    users (id) {
        id -> Text,
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
    }
}

diesel::table! {
    departments (id) {
        id -> Text,
        org_id -> Text,
        name -> Text,
        created_at -> Timestamp,
    }
}

diesel::table! {
    roles (id) {
        id -> Text,
        org_id -> Text,
        name -> Text,
        created_at -> Timestamp,
    }
}

diesel::table! {
    memberships (id) {
        id -> Text,
        org_id -> Text,
        user_id -> Nullable<Text>,
        first_name -> Text,
        last_name -> Text,
        email -> Nullable<Text>,
        phone -> Nullable<Text>,
        kind -> Text,
        department_id -> Nullable<Text>,
        position -> Text,
        is_admin -> Bool,
        invite_status -> Text,
        invite_error -> Nullable<Text>,
        last_invited_at -> Nullable<Timestamp>,
        search_text -> Text,
        created_at -> Timestamp,
        updated_at -> Timestamp,
    }
}

diesel::table! {
    membership_counts (org_id, invite_status) {
        org_id -> Text,
        invite_status -> Text,
        n -> BigInt,
    }
}

diesel::table! {
    membership_roles (membership_id, role_id) {
        membership_id -> Text,
        role_id -> Text,
    }
}

diesel::table! {
    invitations (id) {
        id -> Text,
        org_id -> Text,
        membership_id -> Text,
        inviter_user_id -> Nullable<Text>,
        channel -> Text,
        recipient -> Text,
        token_hash -> Nullable<Text>,
        token_generation -> Integer,
        status -> Text,
        error -> Nullable<Text>,
        department_id -> Nullable<Text>,
        grant_admin -> Bool,
        message -> Text,
        locale -> Text,
        created_at -> Timestamp,
        sent_at -> Nullable<Timestamp>,
        expires_at -> Nullable<Timestamp>,
        accepted_at -> Nullable<Timestamp>,
        accepted_user_id -> Nullable<Text>,
        revoked_at -> Nullable<Timestamp>,
    }
}

diesel::table! {
    invitation_roles (invitation_id, role_id) {
        invitation_id -> Text,
        role_id -> Text,
    }
}

diesel::table! {
    outbox_jobs (id) {
        id -> Text,
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
        id -> Text,
        org_id -> Nullable<Text>,
        actor_user_id -> Nullable<Text>,
        action -> Text,
        subject -> Text,
        details -> Text,
        request_id -> Text,
        created_at -> Timestamp,
    }
}

diesel::table! {
    sessions (id) {
        id -> Text,
        user_id -> Nullable<Text>,
        state -> Text,
        created_at -> Timestamp,
        expires_at -> Timestamp,
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
        id -> Text,
        token_hash -> Text,
        email -> Nullable<Text>,
        created_at -> Timestamp,
        expires_at -> Timestamp,
        used_at -> Nullable<Timestamp>,
    }
}

diesel::joinable!(departments -> organisations (org_id));
diesel::joinable!(roles -> organisations (org_id));
diesel::joinable!(memberships -> organisations (org_id));
diesel::joinable!(memberships -> users (user_id));
diesel::joinable!(memberships -> departments (department_id));
diesel::joinable!(membership_roles -> memberships (membership_id));
diesel::joinable!(membership_roles -> roles (role_id));
diesel::joinable!(invitations -> organisations (org_id));
diesel::joinable!(invitations -> memberships (membership_id));
diesel::joinable!(invitation_roles -> invitations (invitation_id));
diesel::joinable!(invitation_roles -> roles (role_id));

diesel::allow_tables_to_appear_in_same_query!(
    platform_settings,
    organisations,
    users,
    departments,
    roles,
    memberships,
    membership_counts,
    membership_roles,
    invitations,
    invitation_roles,
    outbox_jobs,
    audit_events,
    sessions,
    setup_tokens,
    throttles,
);
