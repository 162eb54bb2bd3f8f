//! The fake OAuth identity provider: its accounts, the provider tokens (id tokens) the
//! emulator issues for them, and the authorize page under `/_emulator/oauth/`.
//!
//! | method & path | query | answer |
//! |---|---|---|
//! | `GET /_emulator/oauth/{provider}/authorize` | `client_id, redirect_uri, state?, auto_approve?, login_hint?` | HTML account chooser, or 302 to `redirect_uri?code=C&state=S` with `auto_approve=1` (or env config `oauth_auto_approve`) |
//! | `GET /_emulator/oauth/{provider}/approve` | `client_id, redirect_uri, state?, account` | 302 to `redirect_uri?code=C&state=S` |
//! | `GET /_emulator/oauth/{provider}/cancel` | `redirect_uri, state?` (+ `client_id`) | 302 to `redirect_uri?error=access_denied&error_description=...&state=S` |
//!
//! Codes are single use, expire after [`CODE_TTL_MS`] and are bound to the env, the
//! provider and the redirect URI.

use axum::extract::{OriginalUri, Path, State};
use axum::http::{header, StatusCode};
use axum::response::{Html, IntoResponse, Response};
use axum::routing::get;
use axum::Router;
use serde::{Deserialize, Serialize};

use crate::error::{ApiError, ApiResult};
use crate::extract::parse_query;
use crate::random;
use crate::state::AppState;
use crate::store::OAuthCode;

/// Authorization codes live five minutes.
pub const CODE_TTL_MS: i64 = 5 * 60 * 1000;
/// Provider tokens live ten minutes.
pub const PROVIDER_TOKEN_TTL_SECS: i64 = 600;
/// The account chosen when no `login_hint` is given.
pub const DEFAULT_ACCOUNT: &str = "alice";
/// The accounts every provider lists on its chooser page.
pub const LISTED_ACCOUNTS: [(&str, &str); 3] = [
    ("alice", "Alice Liddell"),
    ("bob", "Bob Builder"),
    ("carol", "Carol Danvers"),
];

/// A provider account.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Account {
    /// `google`, `github`, `wechat`.
    pub provider_id: &'static str,
    /// Login name at the provider (`login_hint`).
    pub user_name: String,
    /// Stable id at the provider.
    pub id: String,
    /// Display name.
    pub name: String,
    /// Avatar URL.
    pub picture: String,
    /// Email (Google accounts only).
    pub email: Option<String>,
}

/// Display name of a provider.
pub fn provider_title(provider: &str) -> &'static str {
    match provider {
        "google" => "Google",
        "github" => "GitHub",
        "wechat" => "WeChat",
        _ => "Unknown",
    }
}

fn id_prefix(provider: &str) -> &'static str {
    match provider {
        "google" => "g",
        "github" => "gh",
        _ => "wx",
    }
}

/// The account named `user_name` at `provider` (any valid name exists: unlisted names are
/// made up on the spot, so tests can use fresh accounts). `None` for a malformed name.
pub fn account(provider: &'static str, user_name: &str) -> Option<Account> {
    let user_name = user_name.trim().to_ascii_lowercase();
    let valid = !user_name.is_empty()
        && user_name.len() <= 64
        && user_name
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, '.' | '_' | '-' | '@'));
    if !valid {
        return None;
    }
    let name = LISTED_ACCOUNTS
        .iter()
        .find(|(u, _)| *u == user_name)
        .map(|(_, n)| n.to_string())
        .unwrap_or_else(|| user_name.clone());
    Some(Account {
        provider_id: provider,
        id: format!("{}-{user_name}", id_prefix(provider)),
        name,
        picture: format!("https://avatars.example.com/{provider}/{user_name}.png"),
        email: (provider == "google").then(|| {
            if user_name.contains('@') {
                user_name.clone()
            } else {
                format!("{user_name}@example.com")
            }
        }),
        user_name,
    })
}

/// Claims of a provider token: an RS256 JWT the emulator signs with its access-token key,
/// usable as the id token of `signin/with/provider` and `user/provider/bind`.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq, Eq)]
pub struct ProviderClaims {
    /// The emulator's origin.
    pub iss: String,
    /// The env it was issued for.
    pub aud: String,
    /// The account id at the provider.
    pub sub: String,
    /// Expiry, epoch seconds.
    pub exp: i64,
    /// Issue time, epoch seconds.
    pub iat: i64,
    /// Always `provider_token`: tells it apart from access tokens.
    pub typ: String,
    /// Provider.
    pub provider_id: String,
    /// Login name at the provider.
    pub provider_user_name: String,
    /// Display name.
    pub name: String,
    /// Avatar.
    pub picture: String,
    /// Email, if the provider gives one.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub email: Option<String>,
    /// Unique id.
    pub jti: String,
}

/// Marker in [`ProviderClaims::typ`].
pub const PROVIDER_TOKEN_TYP: &str = "provider_token";

/// Signs a provider token for `account` in `env`.
pub async fn issue_provider_token(
    state: &AppState,
    env: &str,
    account: &Account,
) -> ApiResult<(String, ProviderClaims)> {
    let iat = state.clock.now_secs();
    let claims = ProviderClaims {
        iss: state.issuer.to_string(),
        aud: env.to_string(),
        sub: account.id.clone(),
        exp: iat + PROVIDER_TOKEN_TTL_SECS,
        iat,
        typ: PROVIDER_TOKEN_TYP.into(),
        provider_id: account.provider_id.into(),
        provider_user_name: account.user_name.clone(),
        name: account.name.clone(),
        picture: account.picture.clone(),
        email: account.email.clone(),
        jti: random::hex(12),
    };
    let token = state.keys.get().await?.sign(&claims)?;
    Ok((token, claims))
}

/// Verifies a provider token presented in `env`: our signature, our type, not expired,
/// issued for this env. Every failure is `invalid_grant`.
pub async fn verify_provider_token(
    state: &AppState,
    env: Option<&str>,
    token: &str,
) -> ApiResult<ProviderClaims> {
    let claims: ProviderClaims = state
        .keys
        .get()
        .await?
        .decode_claims(token)
        .filter(|c: &ProviderClaims| c.typ == PROVIDER_TOKEN_TYP)
        .ok_or_else(|| ApiError::invalid_grant("provider_token is invalid"))?;
    if claims.exp <= state.clock.now_secs() {
        return Err(ApiError::invalid_grant("provider_token expired"));
    }
    if env.is_some_and(|e| e != claims.aud) {
        return Err(ApiError::invalid_grant(
            "provider_token was issued for another env",
        ));
    }
    Ok(claims)
}

/// Percent-encodes a query component (everything but RFC 3986 unreserved characters).
pub fn pct(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for b in s.bytes() {
        if b.is_ascii_alphanumeric() || matches!(b, b'-' | b'.' | b'_' | b'~') {
            out.push(b as char);
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    out
}

/// `uri` with `pairs` appended to its query (before any fragment), keeping its own query.
pub fn with_query(uri: &str, pairs: &[(&str, &str)]) -> String {
    let (base, fragment) = match uri.split_once('#') {
        Some((b, f)) => (b, Some(f)),
        None => (uri, None),
    };
    let mut out = base.to_string();
    for (k, v) in pairs {
        out.push(if out.contains('?') { '&' } else { '?' });
        if out.ends_with("?&") {
            out.pop();
        }
        out.push_str(&pct(k));
        out.push('=');
        out.push_str(&pct(v));
    }
    if let Some(f) = fragment {
        out.push('#');
        out.push_str(f);
    }
    out
}

/// The emulator-only routes of the fake provider.
pub fn router() -> Router<AppState> {
    Router::new()
        .route("/_emulator/oauth/{provider}/authorize", get(authorize))
        .route("/_emulator/oauth/{provider}/approve", get(approve))
        .route("/_emulator/oauth/{provider}/cancel", get(cancel))
        .route("/_emulator/oauth/{provider}/icon.svg", get(icon))
}

/// A small SVG logo (the provider's initial), the `picture` of `GET /auth/v1/user/provider`.
async fn icon(Path(provider): Path<String>) -> Response {
    let title = provider_title(&provider);
    let initial = title.chars().next().unwrap_or('?');
    let svg = format!(
        "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"64\" height=\"64\" role=\"img\" aria-label=\"{title}\">\
         <circle cx=\"32\" cy=\"32\" r=\"30\" fill=\"#335\"/>\
         <text x=\"32\" y=\"42\" font-size=\"28\" text-anchor=\"middle\" fill=\"#fff\" font-family=\"sans-serif\">{initial}</text></svg>"
    );
    ([(header::CONTENT_TYPE, "image/svg+xml")], svg).into_response()
}

/// What every page of the provider needs from its query, validated.
struct AuthorizeRequest {
    provider: &'static str,
    env: String,
    redirect_uri: String,
    state: Option<String>,
    params: std::collections::HashMap<String, String>,
}

fn page_error(status: StatusCode, title: &str, detail: &str) -> Response {
    let body = format!(
        "<!doctype html><html lang=\"en\"><head><meta charset=\"utf-8\"><title>{t}</title></head>\
         <body><main><h1>{t}</h1><p role=\"alert\">{d}</p></main></body></html>",
        t = esc(title),
        d = esc(detail)
    );
    (status, Html(body)).into_response()
}

fn parse_request(
    state: &AppState,
    provider: &str,
    uri: &axum::http::Uri,
) -> Result<AuthorizeRequest, Box<Response>> {
    // An HTML page, not an API: a malformed query is as good as an empty one here.
    let params: std::collections::HashMap<String, String> = parse_query(uri).unwrap_or_default();
    let get = |k: &str| params.get(k).filter(|v| !v.is_empty()).cloned();
    let env = get("client_id").ok_or_else(|| {
        page_error(
            StatusCode::BAD_REQUEST,
            "Invalid request",
            "client_id is required",
        )
    })?;
    let provider = state
        .settings
        .require_provider(&env, provider)
        .map_err(|e| {
            page_error(
                StatusCode::FORBIDDEN,
                "Provider not enabled",
                &e.to_string(),
            )
        })?;
    let redirect_uri = get("redirect_uri").ok_or_else(|| {
        page_error(
            StatusCode::BAD_REQUEST,
            "Invalid request",
            "redirect_uri is required",
        )
    })?;
    if !state.settings.is_trusted_redirect(&env, &redirect_uri) {
        return Err(Box::new(page_error(
            StatusCode::FORBIDDEN,
            "Redirect not allowed",
            &format!("redirect_uri {redirect_uri} is not in the trusted domains of env {env}"),
        )));
    }
    Ok(AuthorizeRequest {
        provider,
        env,
        redirect_uri,
        state: get("state"),
        params,
    })
}

fn truthy(v: Option<&String>) -> bool {
    v.is_some_and(|v| matches!(v.as_str(), "1" | "true" | "yes"))
}

async fn issue_code_redirect(
    state: &AppState,
    req: &AuthorizeRequest,
    user_name: &str,
) -> Response {
    let Some(account) = account(req.provider, user_name) else {
        return page_error(
            StatusCode::BAD_REQUEST,
            "Invalid account",
            "account names use letters, digits, '.', '_', '-' and '@' (at most 64)",
        );
    };
    let now = state.clock.now_ms();
    let code = random::secret();
    let row = OAuthCode {
        env: req.env.clone(),
        provider_id: req.provider.to_string(),
        provider_user_id: account.id.clone(),
        redirect_uri: req.redirect_uri.clone(),
        expires_at: now + CODE_TTL_MS,
        used_at: None,
    };
    let c = code.clone();
    if let Err(e) = state
        .store
        .run(move |db| db.insert_oauth_code(&c, &row, now))
        .await
    {
        return e.into_response();
    }
    let mut pairs = vec![("code", code.as_str())];
    if let Some(s) = req.state.as_deref() {
        pairs.push(("state", s));
    }
    redirect(&with_query(&req.redirect_uri, &pairs))
}

fn redirect(location: &str) -> Response {
    (
        StatusCode::FOUND,
        [
            (header::LOCATION, location.to_string()),
            (header::CACHE_CONTROL, "no-store".to_string()),
        ],
    )
        .into_response()
}

/// The account chooser (or an immediate redirect when auto-approving).
async fn authorize(
    State(state): State<AppState>,
    Path(provider): Path<String>,
    OriginalUri(uri): OriginalUri,
) -> Response {
    let req = match parse_request(&state, &provider, &uri) {
        Ok(r) => r,
        Err(page) => return *page,
    };
    let hint = req.params.get("login_hint").filter(|h| !h.is_empty());
    if truthy(req.params.get("auto_approve"))
        || state.settings.effective(Some(&req.env)).oauth_auto_approve
    {
        let user = hint.map_or(DEFAULT_ACCOUNT, |h| h.as_str()).to_string();
        return issue_code_redirect(&state, &req, &user).await;
    }
    chooser_page(&req, hint.map(String::as_str))
}

fn link(req: &AuthorizeRequest, action: &str, extra: &[(&str, &str)]) -> String {
    let mut pairs = vec![
        ("client_id", req.env.as_str()),
        ("redirect_uri", req.redirect_uri.as_str()),
    ];
    if let Some(s) = req.state.as_deref() {
        pairs.push(("state", s));
    }
    pairs.extend_from_slice(extra);
    with_query(
        &format!("/_emulator/oauth/{}/{action}", req.provider),
        &pairs,
    )
}

fn chooser_page(req: &AuthorizeRequest, hint: Option<&str>) -> Response {
    let title = provider_title(req.provider);
    let mut accounts: Vec<Account> = LISTED_ACCOUNTS
        .iter()
        .filter_map(|(u, _)| account(req.provider, u))
        .collect();
    if let Some(extra) = hint.and_then(|h| account(req.provider, h)) {
        if !accounts.iter().any(|a| a.user_name == extra.user_name) {
            accounts.insert(0, extra);
        }
    }
    let items: String = accounts
        .iter()
        .map(|a| {
            format!(
                "<li><a class=\"account\" href=\"{href}\">Continue as {name} <span class=\"login\">({login})</span></a></li>",
                href = esc(&link(req, "approve", &[("account", &a.user_name)])),
                name = esc(&a.name),
                login = esc(&a.user_name),
            )
        })
        .collect();
    let hidden: String = [
        ("client_id", Some(req.env.as_str())),
        ("redirect_uri", Some(req.redirect_uri.as_str())),
        ("state", req.state.as_deref()),
    ]
    .iter()
    .filter_map(|(k, v)| {
        v.map(|v| format!("<input type=\"hidden\" name=\"{k}\" value=\"{}\">", esc(v)))
    })
    .collect();
    let body = format!(
        "<!doctype html>
<html lang=\"en\">
<head>
<meta charset=\"utf-8\">
<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">
<title>Sign in with {title} (emulator)</title>
<style>
body {{ font-family: system-ui, sans-serif; max-width: 32rem; margin: 3rem auto; padding: 0 1rem; color: #1a1a1a; }}
ul {{ list-style: none; padding: 0; }}
a.account {{ display: block; padding: .75rem 1rem; margin: .5rem 0; border: 1px solid #888; border-radius: .5rem; color: inherit; text-decoration: none; }}
a.account:hover, a.account:focus {{ background: #eef; outline: 3px solid #447; }}
.login {{ color: #555; }}
</style>
</head>
<body>
<main>
<h1>Sign in with {title}</h1>
<p>This is the CloudBase auth emulator's fake {title} provider. Choose an account to continue to
<strong>{redirect}</strong> (env <code>{env}</code>).</p>
<h2 id=\"accounts\">Accounts</h2>
<ul aria-labelledby=\"accounts\">{items}</ul>
<h2>Another account</h2>
<form method=\"get\" action=\"/_emulator/oauth/{provider}/approve\">
{hidden}
<label for=\"account\">Account name</label>
<input id=\"account\" name=\"account\" required pattern=\"[A-Za-z0-9._@-]{{1,64}}\" autocomplete=\"username\">
<button type=\"submit\">Continue</button>
</form>
<p><a href=\"{cancel}\">Cancel and return without signing in</a></p>
</main>
</body>
</html>",
        provider = req.provider,
        redirect = esc(&req.redirect_uri),
        env = esc(&req.env),
        cancel = esc(&link(req, "cancel", &[])),
    );
    (
        StatusCode::OK,
        [(header::CACHE_CONTROL, "no-store")],
        Html(body),
    )
        .into_response()
}

/// A choice on the chooser page: issue a code for that account.
async fn approve(
    State(state): State<AppState>,
    Path(provider): Path<String>,
    OriginalUri(uri): OriginalUri,
) -> Response {
    let req = match parse_request(&state, &provider, &uri) {
        Ok(r) => r,
        Err(page) => return *page,
    };
    let user = req
        .params
        .get("account")
        .filter(|a| !a.is_empty())
        .cloned()
        .unwrap_or_else(|| DEFAULT_ACCOUNT.to_string());
    issue_code_redirect(&state, &req, &user).await
}

/// The person declined: back to the app with `error=access_denied`.
async fn cancel(
    State(state): State<AppState>,
    Path(provider): Path<String>,
    OriginalUri(uri): OriginalUri,
) -> Response {
    let req = match parse_request(&state, &provider, &uri) {
        Ok(r) => r,
        Err(page) => return *page,
    };
    let mut pairs = vec![
        ("error", "access_denied"),
        ("error_description", "the user cancelled the sign-in"),
    ];
    if let Some(s) = req.state.as_deref() {
        pairs.push(("state", s));
    }
    redirect(&with_query(&req.redirect_uri, &pairs))
}

/// Escapes text for HTML content and attribute values.
pub fn esc(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c => out.push(c),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn accounts() {
        let a = account("github", "Alice").unwrap();
        assert_eq!(a.id, "gh-alice");
        assert_eq!(a.name, "Alice Liddell");
        assert!(a.email.is_none());
        let g = account("google", "zed").unwrap();
        assert_eq!(g.email.as_deref(), Some("zed@example.com"));
        assert_eq!(g.name, "zed");
        assert!(account("github", "").is_none());
        assert!(account("github", "a b").is_none());
        assert!(account("github", "<x>").is_none());
    }

    #[test]
    fn query_building() {
        assert_eq!(
            with_query("http://h/p", &[("code", "a b"), ("state", "s&t")]),
            "http://h/p?code=a%20b&state=s%26t"
        );
        assert_eq!(
            with_query("http://h/p?x=1#frag", &[("code", "c")]),
            "http://h/p?x=1&code=c#frag"
        );
        assert_eq!(
            with_query("http://h/p?", &[("code", "c")]),
            "http://h/p?code=c"
        );
        assert_eq!(
            esc("<a href=\"x\">&'"),
            "&lt;a href=&quot;x&quot;&gt;&amp;&#39;"
        );
    }
}
