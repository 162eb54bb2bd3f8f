//! The fake OAuth provider and identities: `provider/uri`, the authorize page,
//! `provider/token`, `signin/with/provider`, `user/provider` (list, bind, unbind).

use crate::common;

use common::{env, jwt_part, start, Resp, TestServer};
use serde_json::{json, Value};

const APP: &str = "http://127.0.0.1:5173/callback";

/// A GET that does not follow redirects: status, `Location`, body text.
fn get_raw(s: &TestServer, url: &str) -> (u16, Option<String>, String) {
    let agent: ureq::Agent = ureq::Agent::config_builder()
        .http_status_as_error(false)
        .max_redirects(0)
        .build()
        .into();
    let url = if url.starts_with("http") {
        url.to_string()
    } else {
        format!("{}{url}", s.base)
    };
    let mut res = agent.get(&url).call().expect("http");
    let loc = res
        .headers()
        .get("location")
        .and_then(|v| v.to_str().ok())
        .map(str::to_string);
    let status = res.status().as_u16();
    (
        status,
        loc,
        res.body_mut().read_to_string().unwrap_or_default(),
    )
}

fn enc(s: &str) -> String {
    s.bytes()
        .map(|b| {
            if b.is_ascii_alphanumeric() || b"-._~".contains(&b) {
                (b as char).to_string()
            } else {
                format!("%{b:02X}")
            }
        })
        .collect()
}

fn provider_uri(s: &TestServer, e: &str, provider: &str, redirect: &str, state: &str) -> Resp {
    s.get(&format!(
        "/auth/v1/provider/uri?provider_id={provider}&state={state}&redirect_uri={}&client_id={e}",
        enc(redirect)
    ))
}

/// The value of query parameter `k` in `url` (percent-decoded).
fn param(url: &str, k: &str) -> Option<String> {
    let query = url.split_once('?')?.1.split('#').next()?;
    query.split('&').find_map(|pair| {
        let (key, v) = pair.split_once('=')?;
        (key == k).then(|| decode(v))
    })
}

/// JavaScript's `decodeURIComponent` for valid input.
fn decode(s: &str) -> String {
    let bytes = s.as_bytes();
    let mut out = Vec::new();
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'%' && i + 2 < bytes.len() {
            let hex = std::str::from_utf8(&bytes[i + 1..i + 3]).unwrap();
            out.push(u8::from_str_radix(hex, 16).unwrap());
            i += 3;
        } else {
            out.push(bytes[i]);
            i += 1;
        }
    }
    String::from_utf8(out).unwrap()
}

/// Runs the provider flow with auto-approval and returns the code.
fn code_for(s: &TestServer, e: &str, provider: &str, login: &str, redirect: &str) -> String {
    let uri = provider_uri(s, e, provider, redirect, "st-1").ok()["uri"]
        .as_str()
        .unwrap()
        .to_string();
    let url = format!("{}&auto_approve=1&login_hint={login}", decode(&uri));
    let (status, loc, _) = get_raw(s, &url);
    assert_eq!(status, 302);
    let loc = loc.unwrap();
    assert!(loc.starts_with(redirect), "{loc}");
    assert_eq!(param(&loc, "state").as_deref(), Some("st-1"));
    param(&loc, "code").unwrap()
}

fn provider_token(s: &TestServer, e: &str, provider: &str, code: &str, redirect: &str) -> Resp {
    s.post(
        &format!("/auth/v1/provider/token?client_id={e}"),
        &json!({"provider_id": provider, "provider_redirect_uri": redirect, "provider_code": code}),
    )
}

fn token_for(s: &TestServer, e: &str, provider: &str, login: &str) -> String {
    let code = code_for(s, e, provider, login, APP);
    provider_token(s, e, provider, &code, APP).ok()["provider_token"]
        .as_str()
        .unwrap()
        .to_string()
}

fn signin_with(s: &TestServer, e: &str, token: &str) -> Resp {
    s.post(
        &format!("/auth/v1/signin/with/provider?client_id={e}"),
        &json!({"provider_token": token}),
    )
}

fn bearer(s: &TestServer, method: &str, path: &str, token: &str, body: Option<&Value>) -> Resp {
    let body = body.map(|b| b.to_string());
    s.call(
        method,
        path,
        &[("authorization", &format!("Bearer {token}"))],
        body.as_deref(),
    )
}

fn patch_config(s: &TestServer, e: &str, body: Value) -> Resp {
    s.call(
        "PATCH",
        &format!("/_emulator/config?env={e}"),
        &[],
        Some(&body.to_string()),
    )
}

#[test]
fn provider_uri_points_at_the_authorize_page_and_survives_decoding() {
    let s = start();
    let e = env();
    let r = provider_uri(
        &s,
        &e,
        "github",
        "http://localhost:3000/app/page",
        "prd-github-abc",
    );
    let uri = r.ok()["uri"].as_str().unwrap().to_string();
    // The SDK runs decodeURIComponent on the whole uri; the result must still be usable.
    let decoded = decode(&uri);
    assert!(decoded.starts_with(&format!("{}/_emulator/oauth/github/authorize?", s.base)));
    assert_eq!(
        param(&uri, "redirect_uri").as_deref(),
        Some("http://localhost:3000/app/page")
    );
    assert_eq!(param(&uri, "state").as_deref(), Some("prd-github-abc"));
    assert_eq!(param(&uri, "client_id").as_deref(), Some(e.as_str()));
    // The chooser page is HTML listing accounts with links.
    let (status, _, html) = get_raw(&s, &decoded);
    assert_eq!(status, 200);
    assert!(html.contains("<h1>Sign in with GitHub</h1>"), "{html}");
    assert!(html.contains("Continue as Alice Liddell"));
    assert!(html.contains("<label for=\"account\">"));
    assert!(html.contains("/_emulator/oauth/github/cancel?"));
}

#[test]
fn chooser_links_redirect_with_code_and_state_keeping_the_query() {
    let s = start();
    let e = env();
    let redirect = "http://127.0.0.1:9999/cb?keep=1";
    let approve = format!(
        "/_emulator/oauth/google/approve?client_id={e}&redirect_uri={}&state=s%26x&account=bob",
        enc(redirect)
    );
    let (status, loc, _) = get_raw(&s, &approve);
    assert_eq!(status, 302);
    let loc = loc.unwrap();
    assert!(
        loc.starts_with("http://127.0.0.1:9999/cb?keep=1&code="),
        "{loc}"
    );
    assert_eq!(param(&loc, "state").as_deref(), Some("s&x"));
    let code = param(&loc, "code").unwrap();
    let r = provider_token(&s, &e, "google", &code, redirect);
    let b = r.ok();
    assert_eq!(b["expires_in"], 600);
    assert_eq!(b["provider_profile"]["name"], "Bob Builder");
    assert_eq!(b["provider_profile"]["email"], "bob@example.com");
    assert_eq!(b["provider_profile"]["sub"], "g-bob");
    let claims = jwt_part(b["provider_token"].as_str().unwrap(), 1);
    assert_eq!(claims["typ"], "provider_token");
    assert_eq!(claims["aud"], e.as_str());
    // Cancel goes back with an OAuth error.
    let cancel = format!(
        "/_emulator/oauth/google/cancel?client_id={e}&redirect_uri={}&state=s1",
        enc(redirect)
    );
    let (status, loc, _) = get_raw(&s, &cancel);
    assert_eq!(status, 302);
    let loc = loc.unwrap();
    assert_eq!(param(&loc, "error").as_deref(), Some("access_denied"));
    assert_eq!(param(&loc, "state").as_deref(), Some("s1"));
}

#[test]
fn foreign_redirect_uri_is_permission_denied() {
    let s = start();
    let e = env();
    for bad in [
        "https://evil.example/cb",
        "http://localhost@evil.example/",
        "javascript:alert(1)",
        "/relative",
    ] {
        let r = provider_uri(&s, &e, "github", bad, "s");
        assert_eq!(
            r.expect_error("permission_denied", 403)["error_code"],
            7,
            "{bad}"
        );
    }
    // The authorize page refuses too (an HTML error, no redirect).
    let (status, loc, html) = get_raw(
        &s,
        &format!(
            "/_emulator/oauth/github/authorize?client_id={e}&redirect_uri={}&auto_approve=1",
            enc("https://evil.example/cb")
        ),
    );
    assert_eq!(status, 403);
    assert!(loc.is_none());
    assert!(html.contains("not in the trusted domains"));
    // Configured trusted domains are accepted.
    patch_config(&s, &e, json!({"trusted_domains": ["app.example.com"]})).ok();
    provider_uri(&s, &e, "github", "https://app.example.com/cb", "s").ok();
    provider_uri(&s, &e, "github", "https://evil.example/cb", "s")
        .expect_error("permission_denied", 403);
}

#[test]
fn unknown_or_disabled_provider_is_provider_not_enabled() {
    let s = start();
    let e = env();
    provider_uri(&s, &e, "twitter", APP, "s").expect_error("provider_not_enabled", 403);
    let cfg = patch_config(&s, &e, json!({"providers": {"github": {"enabled": false}}}));
    assert_eq!(cfg.ok()["providers"]["github"]["enabled"], false);
    assert_eq!(cfg.ok()["providers"]["google"]["enabled"], true);
    let r = provider_uri(&s, &e, "github", APP, "s");
    assert!(
        r.expect_error("provider_not_enabled", 403)["error_description"]
            .as_str()
            .unwrap()
            .contains("not enabled")
    );
    // Other envs are unaffected; re-enabling works.
    provider_uri(&s, &env(), "github", APP, "s").ok();
    patch_config(&s, &e, json!({"providers": {"github": {"enabled": true}}})).ok();
    provider_uri(&s, &e, "github", APP, "s").ok();
    // A token obtained while enabled cannot sign in once disabled.
    let token = token_for(&s, &e, "github", "alice");
    patch_config(&s, &e, json!({"providers": {"github": {"enabled": false}}})).ok();
    signin_with(&s, &e, &token).expect_error("provider_not_enabled", 403);
    // Bad config values.
    patch_config(&s, &e, json!({"providers": {"myspace": {"enabled": true}}}))
        .expect_error("invalid_argument", 400);
    patch_config(&s, &e, json!({"providers": {"github": {"enabled": "yes"}}}))
        .expect_error("invalid_argument", 400);
    patch_config(&s, &e, json!({"trusted_domains": "x"})).expect_error("invalid_argument", 400);
    patch_config(&s, &e, json!({"oauth_auto_approve": 1})).expect_error("invalid_argument", 400);
}

#[test]
fn codes_are_single_use_bound_and_expire() {
    let s = start();
    let e = env();
    let code = code_for(&s, &e, "github", "alice", APP);
    provider_token(&s, &e, "github", &code, APP).ok();
    let replay = provider_token(&s, &e, "github", &code, APP);
    assert!(
        replay.expect_error("invalid_grant", 400)["error_description"]
            .as_str()
            .unwrap()
            .contains("already used")
    );
    // Bound to the redirect_uri, provider and env (and consumed by a mismatched try).
    let code = code_for(&s, &e, "github", "alice", APP);
    provider_token(&s, &e, "github", &code, "http://127.0.0.1:5173/other")
        .expect_error("invalid_grant", 400);
    provider_token(&s, &e, "github", &code, APP).expect_error("invalid_grant", 400);
    let code = code_for(&s, &e, "github", "alice", APP);
    provider_token(&s, &e, "google", &code, APP).expect_error("invalid_grant", 400);
    let code = code_for(&s, &e, "github", "alice", APP);
    provider_token(&s, &env(), "github", &code, APP).expect_error("invalid_grant", 400);
    provider_token(&s, &e, "github", "made-up", APP).expect_error("invalid_grant", 400);
    // Expiry after five minutes, through the emulator clock.
    let code = code_for(&s, &e, "github", "alice", APP);
    s.post("/_emulator/clock", &json!({"advance_seconds": 301}))
        .ok();
    let r = provider_token(&s, &e, "github", &code, APP);
    assert!(r.expect_error("invalid_grant", 400)["error_description"]
        .as_str()
        .unwrap()
        .contains("expired"));
}

#[test]
fn signin_with_provider_creates_then_finds_the_user() {
    let s = start();
    let e = env();
    let token = token_for(&s, &e, "github", "carol");
    let first = signin_with(&s, &e, &token);
    let b = first.ok();
    assert_eq!(b["token_type"], "Bearer");
    assert_eq!(b["scope"], "user");
    assert!(b["expires_in"].as_u64().unwrap() > 0);
    let uid = b["sub"].as_str().unwrap().to_string();
    let me = s.me(b["access_token"].as_str().unwrap());
    let me = me.ok();
    assert_eq!(me["name"], "Carol Danvers");
    assert_eq!(
        me["picture"],
        "https://avatars.example.com/github/carol.png"
    );
    assert_eq!(
        me["providers"],
        json!([{"id": "github", "provider_user_id": "gh-carol", "name": "Carol Danvers",
                "picture": "https://avatars.example.com/github/carol.png"}])
    );
    // A second sign-in (new code, new token) finds the same user; the token is reusable
    // until it expires, like an id token.
    let again = signin_with(&s, &e, &token_for(&s, &e, "github", "carol"));
    assert_eq!(again.ok()["sub"], uid.as_str());
    assert_eq!(signin_with(&s, &e, &token).ok()["sub"], uid.as_str());
    // force_disable_sign_up refuses a new account but signs in a known one.
    let fresh = token_for(&s, &e, "github", "newcomer");
    let r = s.post(
        &format!("/auth/v1/signin/with/provider?client_id={e}"),
        &json!({"provider_token": fresh, "force_disable_sign_up": true}),
    );
    r.expect_error("user_not_found", 404);
    let r = s.post(
        &format!("/auth/v1/signin/with/provider?client_id={e}"),
        &json!({"provider_token": token, "force_disable_sign_up": true}),
    );
    assert_eq!(r.ok()["sub"], uid.as_str());
    // The provider account is the user's only sign-in method: it cannot be unbound.
    let at = first.body["access_token"].as_str().unwrap().to_string();
    let r = bearer(&s, "DELETE", "/auth/v1/user/provider/github", &at, None);
    assert!(
        r.expect_error("failed_precondition", 400)["error_description"]
            .as_str()
            .unwrap()
            .contains("only way")
    );
}

#[test]
fn sync_profile_updates_name_and_picture() {
    let s = start();
    let e = env();
    let id = s.create_user(
        &e,
        json!({"username": "ann", "name": "Old Name", "providers": [{"provider_id": "github", "provider_user_id": "gh-alice"}]}),
    );
    let token = token_for(&s, &e, "github", "alice");
    let r = s.post(
        &format!("/auth/v1/signin/with/provider?client_id={e}"),
        &json!({"provider_token": token}),
    );
    let at = r.ok()["access_token"].as_str().unwrap().to_string();
    assert_eq!(s.me(&at).ok()["name"], "Old Name");
    let r = s.post(
        &format!("/auth/v1/signin/with/provider?client_id={e}"),
        &json!({"provider_token": token, "sync_profile": true}),
    );
    assert_eq!(r.ok()["sub"], id.as_str());
    let at = r.body["access_token"].as_str().unwrap().to_string();
    let me = s.me(&at);
    assert_eq!(me.ok()["name"], "Alice Liddell");
    assert_eq!(
        me.ok()["picture"],
        "https://avatars.example.com/github/alice.png"
    );
}

#[test]
fn bad_provider_tokens() {
    let s = start();
    let e = env();
    let path = format!("/auth/v1/signin/with/provider?client_id={e}");
    s.post(&path, &json!({}))
        .expect_error("invalid_argument", 400);
    s.post(&path, &json!({"provider_token": "garbage"}))
        .expect_error("invalid_grant", 400);
    // An access token is not a provider token.
    let anon = s.anonymous(&e, "dev-1");
    let at = anon.ok()["access_token"].as_str().unwrap().to_string();
    s.post(&path, &json!({"provider_token": at}))
        .expect_error("invalid_grant", 400);
    // Another env's provider token.
    let other = token_for(&s, &env(), "github", "alice");
    s.post(&path, &json!({"provider_token": other}))
        .expect_error("invalid_grant", 400);
    // And a provider token is not an access token.
    let token = token_for(&s, &e, "github", "alice");
    s.me(&token).expect_error("unauthenticated", 401);
}

#[test]
fn identities_list_bind_and_unbind() {
    let s = start();
    let e = env();
    s.create_user(&e, json!({"username": "dora", "password": "dora-pass-1"}));
    let at = s.signin(&e, "dora", "dora-pass-1").ok()["access_token"]
        .as_str()
        .unwrap()
        .to_string();
    let list = bearer(&s, "GET", "/auth/v1/user/provider", &at, None);
    let b = list.ok();
    assert_eq!(b["total"], 3);
    assert!(b["data"]
        .as_array()
        .unwrap()
        .iter()
        .all(|p| p["bind"] == false));
    // Bind a GitHub account.
    let token = token_for(&s, &e, "github", "bob");
    bearer(
        &s,
        "POST",
        "/auth/v1/user/provider/bind",
        &at,
        Some(&json!({"provider_token": token})),
    )
    .ok();
    let b = bearer(&s, "GET", "/auth/v1/user/provider", &at, None)
        .ok()
        .clone();
    let gh = b["data"]
        .as_array()
        .unwrap()
        .iter()
        .find(|p| p["id"] == "github")
        .unwrap()
        .clone();
    assert_eq!(gh["bind"], true);
    assert_eq!(gh["name"], "GitHub");
    assert_eq!(gh["provider_user_name"], "Bob Builder");
    assert_eq!(s.me(&at).ok()["providers"][0]["provider_user_id"], "gh-bob");
    // Signing in with that account now signs in dora.
    let dora = s.signin(&e, "dora", "dora-pass-1").ok()["sub"].clone();
    assert_eq!(signin_with(&s, &e, &token).ok()["sub"], dora);
    // The same account cannot be bound to someone else.
    s.create_user(&e, json!({"username": "eve", "password": "eve-pass-12"}));
    let eve = s.signin(&e, "eve", "eve-pass-12").ok()["access_token"]
        .as_str()
        .unwrap()
        .to_string();
    let r = bearer(
        &s,
        "POST",
        "/auth/v1/user/provider/bind",
        &eve,
        Some(&json!({"provider_token": token})),
    );
    r.expect_error("failed_precondition", 400);
    // A second GitHub account for dora is refused too.
    let other = token_for(&s, &e, "github", "zed");
    bearer(
        &s,
        "POST",
        "/auth/v1/user/provider/bind",
        &at,
        Some(&json!({"provider_token": other})),
    )
    .expect_error("failed_precondition", 400);
    // Unbind.
    bearer(&s, "DELETE", "/auth/v1/user/provider/github", &at, None).ok();
    bearer(&s, "DELETE", "/auth/v1/user/provider/github", &at, None).expect_error("not_found", 404);
    bearer(&s, "DELETE", "/auth/v1/user/provider/nope", &at, None).expect_error("not_found", 404);
    assert_eq!(s.me(&at).ok()["providers"], json!([]));
    // Without a token.
    s.get("/auth/v1/user/provider")
        .expect_error("unauthenticated", 401);
    s.post(
        "/auth/v1/user/provider/bind",
        &json!({"provider_token": token}),
    )
    .expect_error("unauthenticated", 401);
    bearer(
        &s,
        "POST",
        "/auth/v1/user/provider/bind",
        &at,
        Some(&json!({})),
    )
    .expect_error("invalid_argument", 400);
    bearer(
        &s,
        "POST",
        "/auth/v1/user/provider/bind",
        &at,
        Some(&json!({"provider_token": "x"})),
    )
    .expect_error("invalid_grant", 400);
}

#[test]
fn disabled_providers_leave_the_list_unless_bound() {
    let s = start();
    let e = env();
    let id = s.create_user(
        &e,
        json!({"username": "fay", "password": "fay-pass-12", "providers": [{"provider_id": "wechat", "provider_user_id": "wx-fay"}]}),
    );
    patch_config(
        &s,
        &e,
        json!({"providers": {"wechat": {"enabled": false}, "google": false}}),
    )
    .ok();
    let at = s.signin(&e, "fay", "fay-pass-12").ok()["access_token"]
        .as_str()
        .unwrap()
        .to_string();
    let b = bearer(&s, "GET", "/auth/v1/user/provider", &at, None)
        .ok()
        .clone();
    let ids: Vec<&str> = b["data"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| p["id"].as_str().unwrap())
        .collect();
    assert_eq!(ids, ["github", "wechat"]);
    assert_eq!(b["total"], 2);
    // The seeded identity signs in through the provider (once enabled again).
    patch_config(&s, &e, json!({"providers": {"wechat": {"enabled": true}}})).ok();
    let token = token_for(&s, &e, "wechat", "fay");
    assert_eq!(signin_with(&s, &e, &token).ok()["sub"], id.as_str());
}

#[test]
fn seeded_providers_on_emulator_users() {
    let s = start();
    let e = env();
    let r = s.post(
        "/_emulator/users",
        &json!({"env": e, "providers": [{"provider_id": "github", "provider_user_id": "gh-gus"}]}),
    );
    let b = r.ok();
    assert_eq!(b["providers"][0]["id"], "github");
    assert_eq!(b["providers"][0]["name"], "gus");
    // The account is taken now.
    s.post(
        "/_emulator/users",
        &json!({"env": e, "username": "x", "providers": [{"provider_id": "github", "provider_user_id": "gh-gus"}]}),
    )
    .expect_error("failed_precondition", 400);
    for bad in [
        json!([{"provider_id": "myspace", "provider_user_id": "1"}]),
        json!([{"provider_id": "github"}]),
        json!([{"provider_id": "github", "provider_user_id": ""}]),
        json!("github"),
        json!([{"provider_id": "github", "provider_user_id": "a"}, {"provider_id": "github", "provider_user_id": "b"}]),
    ] {
        s.post(
            "/_emulator/users",
            &json!({"env": e, "username": "y", "providers": bad}),
        )
        .expect_error("invalid_argument", 400);
    }
}

#[test]
fn auto_approve_by_env_config() {
    let s = start();
    let e = env();
    let uri = provider_uri(&s, &e, "wechat", APP, "s9").ok()["uri"]
        .as_str()
        .unwrap()
        .to_string();
    assert_eq!(get_raw(&s, &decode(&uri)).0, 200);
    let cfg = patch_config(&s, &e, json!({"oauth_auto_approve": true}));
    assert_eq!(cfg.ok()["oauth_auto_approve"], true);
    let (status, loc, _) = get_raw(&s, &decode(&uri));
    assert_eq!(status, 302);
    let code = param(&loc.unwrap(), "code").unwrap();
    let b = provider_token(&s, &e, "wechat", &code, APP);
    assert_eq!(b.ok()["provider_profile"]["provider_user_name"], "alice");
}

#[test]
fn bad_input_corpus_gets_4xx_json() {
    let s = start();
    let e = env();
    let cid = format!("?client_id={e}");
    let cases: Vec<(&str, String, Option<&str>)> = vec![
        ("GET", "/auth/v1/provider/uri".into(), None),
        ("GET", format!("/auth/v1/provider/uri{cid}"), None),
        (
            "GET",
            format!("/auth/v1/provider/uri{cid}&provider_id=github"),
            None,
        ),
        (
            "GET",
            format!("/auth/v1/provider/uri{cid}&provider_id=github&redirect_uri=%ZZ"),
            None,
        ),
        ("POST", format!("/auth/v1/provider/token{cid}"), Some("{")),
        ("POST", format!("/auth/v1/provider/token{cid}"), Some("[]")),
        (
            "POST",
            format!("/auth/v1/provider/token{cid}"),
            Some(r#"{"provider_id": 1}"#),
        ),
        (
            "POST",
            format!("/auth/v1/provider/token{cid}"),
            Some(r#"{"provider_id": "github"}"#),
        ),
        ("POST", "/auth/v1/provider/token".into(), Some("{}")),
        (
            "POST",
            format!("/auth/v1/signin/with/provider{cid}"),
            Some(r#"{"provider_token": ["x"]}"#),
        ),
        (
            "POST",
            format!("/auth/v1/signin/with/provider{cid}"),
            Some(r#"{"provider_token": "a.b.c"}"#),
        ),
        ("GET", "/auth/v1/provider/token".into(), None),
        ("DELETE", "/auth/v1/user/provider/github".into(), None),
        ("PUT", "/auth/v1/user/provider".into(), None),
        (
            "POST",
            "/_emulator/users".into(),
            Some(r#"{"env": "x", "providers": 5}"#),
        ),
    ];
    for (m, p, body) in cases {
        let r = s.call(m, &p, &[], body);
        assert!(
            (400..500).contains(&r.status),
            "{m} {p}: {} {}",
            r.status,
            r.raw
        );
        assert!(r.body["error"].is_string(), "{m} {p}: {}", r.raw);
    }
    let big = format!(r#"{{"provider_token":"{}"}}"#, "a".repeat(70 * 1024));
    let r = s.call(
        "POST",
        &format!("/auth/v1/signin/with/provider{cid}"),
        &[],
        Some(&big),
    );
    assert_eq!(r.status, 413);
    // The authorize page never 5xxs either.
    for q in [
        "",
        "?client_id=x",
        "?redirect_uri=http://localhost/",
        "?client_id=x&redirect_uri=%ZZ",
    ] {
        let (status, _, _) = get_raw(&s, &format!("/_emulator/oauth/github/authorize{q}"));
        assert!((400..500).contains(&status), "{q}: {status}");
    }
    let (status, _, _) = get_raw(
        &s,
        &format!(
            "/_emulator/oauth/github/approve?client_id=x&redirect_uri={}&account=a%20b",
            enc(APP)
        ),
    );
    assert_eq!(status, 400);
    let (status, _, _) = get_raw(
        &s,
        &format!(
            "/_emulator/oauth/nope/authorize?client_id=x&redirect_uri={}",
            enc(APP)
        ),
    );
    assert_eq!(status, 403);
}
