//! Other Tools (spec §2.7): `toDefaultLoginPage`. `getClaims` is in `claims.rs`;
//! `exchangeCodeForSession` lives with the OAuth flow (`crate::oauth`).

use super::Auth;
use crate::error::AuthError;
use crate::oauth::url;

/// Arguments of [`Auth::to_default_login_page`].
#[derive(Clone, Debug, Default)]
pub struct DefaultLoginPage {
    /// Default `env`.
    pub config_version: Option<String>,
    /// Where the login page sends the user back; default `location.href`.
    pub redirect_uri: Option<String>,
    /// The app id sent as `app_id`.
    pub app_id: Option<String>,
    /// Extra `key=value` pairs appended as given.
    pub query: Vec<(String, String)>,
}

impl Auth {
    /// The URL `toDefaultLoginPage` navigates to:
    /// `{origin of redirect_uri}/__auth/?app_id=&env_id=&client_id=&config_version=&redirect_uri=&{query}`.
    pub fn default_login_page_url(&self, p: &DefaultLoginPage) -> String {
        let href = crate::pure::non_empty(p.redirect_uri.clone())
            .unwrap_or_else(crate::platform::current_href);
        let encoded = crate::platform::encode_uri_component(&href);
        url::default_login_page(
            &href,
            p.app_id.as_deref().unwrap_or(""),
            self.env(),
            &self.inner.http.client_id,
            p.config_version
                .as_deref()
                .filter(|s| !s.is_empty())
                .unwrap_or("env"),
            &p.query,
            &encoded,
        )
    }

    /// `toDefaultLoginPage`: sets `location.href` to [`Auth::default_login_page_url`];
    /// `browser_required` where there is no page.
    pub fn to_default_login_page(&self, p: &DefaultLoginPage) -> Result<(), AuthError> {
        if crate::platform::location().is_none() {
            return Err(AuthError::browser_required("toDefaultLoginPage", ""));
        }
        crate::platform::set_href(&self.default_login_page_url(p));
        Ok(())
    }
}
