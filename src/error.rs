//! `AppError`: one status per variant; 5xx pages are generic and carry only a request id, the
//! cause goes to the log.

use crate::domain::DomainError;
use actix_web::http::StatusCode;
use actix_web::{HttpResponse, ResponseError};

#[derive(Debug, thiserror::Error)]
pub enum AppError {
    #[error("not found")]
    NotFound,
    #[error("forbidden")]
    Forbidden,
    #[error("csrf check failed")]
    Csrf,
    #[error("sign-in required")]
    SignInRequired,
    #[error("no organisation chosen")]
    ChooseOrganisation,
    /// The current organisation is disabled by the platform operator.
    #[error("organisation disabled")]
    OrgDisabled,
    #[error("two-factor enrolment required")]
    EnrolTwoFactor,
    #[error("bad request: {0}")]
    BadRequest(&'static str),
    /// A list's address asks for a filter value the list does not have (an edited or old
    /// link): never taken as "all". `list` is the list's own address, unfiltered.
    #[error("unknown filter: {param}")]
    UnknownFilter {
        list: &'static str,
        param: &'static str,
    },
    /// A POST whose body is not a form (JSON, plain text): neither url-encoded nor multipart.
    #[error("not a form")]
    NotAForm,
    /// A check box posted with a value it does not take (`web::form::check_value`).
    #[error("unknown check-box value")]
    CheckBoxValue,
    /// Refused by a throttle until its window ends, `retry_after` seconds from now
    /// (`web::throttle::refused`).
    #[error("too many requests")]
    TooManyRequests { retry_after: i64 },
    #[error("payload too large")]
    PayloadTooLarge,
    /// A known address asked with a method it does not take; `allow` lists those it does.
    #[error("method not allowed")]
    MethodNotAllowed { allow: &'static str },
    #[error("conflict")]
    Conflict,
    #[error("service busy")]
    Busy,
    /// The database could not be had to finish a form post whose handler already answered (the
    /// session's write failed after it): what was sent may have been done, so the page says so
    /// and no `Retry-After` invites sending it again.
    #[error("service busy after the work was done")]
    BusyAfterWork,
    #[error("internal error: {0}")]
    Internal(String),
}

/// Attached to the redirect to `/login`; the middleware adds the page asked for as `next`.
#[derive(Debug, Clone, Copy)]
pub struct SignInRedirect;

/// Attached to an error response that is its own answer (the health check's JSON for a
/// monitor): the error-page middleware leaves it as it is.
#[derive(Debug, Clone, Copy)]
pub struct OwnAnswer;

/// Attached to error responses; the error-page middleware renders it in the visitor's language.
#[derive(Debug, Clone)]
pub struct ErrorInfo {
    pub title_key: &'static str,
    pub message_key: &'static str,
    /// Where the page's one link leads, and its words' key: the start page, or — for a member
    /// of a disabled organisation — their organisations (the start page would send them there).
    pub link: (&'static str, &'static str),
    /// Numbers the message names (a 429's `$minutes` to wait).
    pub args: Vec<(&'static str, i64)>,
    /// A refused form: the link leads back to the form's page when its address has one
    /// (`error_page::render`), else to `link`.
    pub form_again: bool,
}

impl ErrorInfo {
    /// A page whose link leads to the start page.
    pub fn new(title_key: &'static str, message_key: &'static str) -> ErrorInfo {
        ErrorInfo {
            title_key,
            message_key,
            link: ("/", "error-home"),
            args: Vec::new(),
            form_again: false,
        }
    }
}

impl ErrorInfo {
    /// The page for an error response that came without one (a refusal by one of actix's own
    /// extractors, in plain text), by its status; `None` for a status that is no error.
    pub fn for_status(status: StatusCode) -> Option<ErrorInfo> {
        let keys = match status.as_u16() {
            403 => ("error-403-title", "error-403-text"),
            404 | 405 => ("error-404-title", "error-404-text"),
            413 => ("error-413-title", "error-413-text"),
            503 => ("error-503-title", "error-503-text"),
            400..=499 => ("error-400-title", "error-400-text"),
            500..=599 => ("error-500-title", "error-500-text"),
            _ => return None,
        };
        Some(ErrorInfo::new(keys.0, keys.1))
    }
}

impl AppError {
    pub fn internal(e: impl std::fmt::Display) -> Self {
        AppError::Internal(e.to_string())
    }

    /// A throttle's wait in whole minutes, rounded up: the same words whoever is refused.
    pub fn minutes_to_wait(retry_after: i64) -> i64 {
        (retry_after.max(1) + 59) / 60
    }

    fn info(&self) -> ErrorInfo {
        let (title_key, message_key) = match self {
            AppError::NotFound => ("error-404-title", "error-404-text"),
            AppError::Forbidden => ("error-403-title", "error-403-text"),
            AppError::OrgDisabled => ("error-org-disabled-title", "error-org-disabled-text"),
            AppError::Csrf => ("error-csrf-title", "error-csrf-text"),
            AppError::SignInRequired | AppError::ChooseOrganisation | AppError::EnrolTwoFactor => {
                ("error-403-title", "error-403-text")
            }
            AppError::BadRequest(_) => ("error-400-title", "error-400-text"),
            AppError::UnknownFilter { .. } => ("error-400-title", "error-filter-text"),
            AppError::CheckBoxValue => ("error-400-title", "error-check-box-text"),
            AppError::NotAForm => ("error-400-title", "error-415-text"),
            AppError::TooManyRequests { .. } => ("error-429-title", "error-429-text"),
            AppError::PayloadTooLarge => ("error-413-title", "error-413-text"),
            AppError::MethodNotAllowed { .. } => ("error-405-title", "error-405-text"),
            AppError::Conflict => ("error-409-title", "error-409-text"),
            AppError::Busy => ("error-503-title", "error-503-text"),
            AppError::BusyAfterWork => ("error-503-title", "error-503-after-text"),
            AppError::Internal(_) => ("error-500-title", "error-500-text"),
        };
        let info = ErrorInfo::new(title_key, message_key);
        match self {
            AppError::OrgDisabled => ErrorInfo {
                link: ("/orgs", "error-org-disabled-link"),
                ..info
            },
            AppError::TooManyRequests { retry_after } => ErrorInfo {
                args: vec![("minutes", AppError::minutes_to_wait(*retry_after))],
                ..info
            },
            AppError::Csrf => ErrorInfo {
                form_again: true,
                ..info
            },
            AppError::UnknownFilter { list, .. } => ErrorInfo {
                link: (list, "error-filter-link"),
                ..info
            },
            _ => info,
        }
    }
}

impl ResponseError for AppError {
    fn status_code(&self) -> StatusCode {
        match self {
            AppError::NotFound => StatusCode::NOT_FOUND,
            AppError::Forbidden | AppError::Csrf | AppError::OrgDisabled => StatusCode::FORBIDDEN,
            AppError::SignInRequired | AppError::ChooseOrganisation | AppError::EnrolTwoFactor => {
                StatusCode::SEE_OTHER
            }
            AppError::BadRequest(_) | AppError::UnknownFilter { .. } | AppError::CheckBoxValue => {
                StatusCode::BAD_REQUEST
            }
            AppError::NotAForm => StatusCode::UNSUPPORTED_MEDIA_TYPE,
            AppError::TooManyRequests { .. } => StatusCode::TOO_MANY_REQUESTS,
            AppError::PayloadTooLarge => StatusCode::PAYLOAD_TOO_LARGE,
            AppError::MethodNotAllowed { .. } => StatusCode::METHOD_NOT_ALLOWED,
            AppError::Conflict => StatusCode::CONFLICT,
            AppError::Busy | AppError::BusyAfterWork => StatusCode::SERVICE_UNAVAILABLE,
            AppError::Internal(_) => StatusCode::INTERNAL_SERVER_ERROR,
        }
    }

    fn error_response(&self) -> HttpResponse {
        if let AppError::SignInRequired = self {
            let mut res = HttpResponse::SeeOther()
                .insert_header(("Location", "/login"))
                .finish();
            res.extensions_mut().insert(SignInRedirect);
            return res;
        }
        if let AppError::EnrolTwoFactor = self {
            return HttpResponse::SeeOther()
                .insert_header(("Location", crate::web::TWO_FACTOR_PAGE))
                .finish();
        }
        if let AppError::ChooseOrganisation = self {
            return HttpResponse::SeeOther()
                .insert_header(("Location", "/orgs"))
                .finish();
        }
        if let AppError::Internal(cause) = self {
            tracing::error!(cause = %cause, "internal error");
        }
        let mut res = HttpResponse::build(self.status_code());
        if let AppError::Busy = self {
            res.insert_header(("Retry-After", "2"));
        }
        if let AppError::TooManyRequests { retry_after } = self {
            res.insert_header(("Retry-After", (*retry_after).max(1).to_string()));
        }
        if let AppError::MethodNotAllowed { allow } = self {
            res.insert_header(("Allow", *allow));
        }
        let mut res = res.finish();
        res.extensions_mut().insert(self.info());
        res
    }
}

impl From<diesel::result::Error> for AppError {
    fn from(e: diesel::result::Error) -> Self {
        match e {
            diesel::result::Error::NotFound => AppError::NotFound,
            ref err if crate::db::is_busy(err) => AppError::Busy,
            e => AppError::internal(e),
        }
    }
}

impl From<DomainError> for AppError {
    fn from(e: DomainError) -> Self {
        match e {
            DomainError::NotFound => AppError::NotFound,
            DomainError::Forbidden => AppError::Forbidden,
            DomainError::Conflict(_)
            | DomainError::DailyLimit { .. }
            | DomainError::SeatLimit { .. } => AppError::Conflict,
            DomainError::Db(e) => e.into(),
        }
    }
}

impl From<r2d2::Error> for AppError {
    fn from(_: r2d2::Error) -> Self {
        AppError::Busy
    }
}

impl From<askama::Error> for AppError {
    fn from(e: askama::Error) -> Self {
        AppError::internal(e)
    }
}
