//! Pure URL helpers for the OAuth round trip (host-testable, no browser APIs).
//!
//! Only what the flow needs: split an href into `origin+pathname`, search and hash;
//! read, set and remove query parameters the way `URLSearchParams` does
//! (`application/x-www-form-urlencoded`, `+` for space).

use crate::pure;

/// `(origin + pathname, search with '?', hash with '#')` of an absolute href.
/// An empty `?` or `#` counts as absent, as `URL#search` / `URL#hash` report it.
pub fn split_href(href: &str) -> (&str, &str, &str) {
    // Byte positions of ASCII delimiters plus `get` (never slicing with `[]`): nothing
    // here can panic, which keeps the panic/fmt machinery out of the wasm.
    let pos = |s: &str, c: u8| s.bytes().position(|b| b == c);
    let (before_hash, hash) = match pos(href, b'#') {
        Some(i) => (href.get(..i).unwrap_or(""), href.get(i..).unwrap_or("")),
        None => (href, ""),
    };
    let (base, search) = match pos(before_hash, b'?') {
        Some(i) => (
            before_hash.get(..i).unwrap_or(""),
            before_hash.get(i..).unwrap_or(""),
        ),
        None => (before_hash, ""),
    };
    (
        base,
        if search.len() > 1 { search } else { "" },
        if hash.len() > 1 { hash } else { "" },
    )
}

/// True when `s` has a `scheme://` part (byte scan, no substring searcher).
pub fn is_absolute(s: &str) -> bool {
    s.as_bytes().windows(3).any(|w| w == b"://")
}

fn hex(b: u8) -> Option<u8> {
    match b {
        b'0'..=b'9' => Some(b - b'0'),
        b'a'..=b'f' => Some(b - b'a' + 10),
        b'A'..=b'F' => Some(b - b'A' + 10),
        _ => None,
    }
}

/// Form-decodes one query component (`+` is a space; bad escapes are kept as they are).
pub fn form_decode(s: &str) -> String {
    let b = s.as_bytes();
    let mut out = Vec::with_capacity(b.len());
    let mut i = 0;
    while let Some(&c) = b.get(i) {
        let escaped = match (c, b.get(i + 1), b.get(i + 2)) {
            (b'%', Some(&h), Some(&l)) => hex(h).zip(hex(l)).map(|(h, l)| h * 16 + l),
            _ => None,
        };
        match (c, escaped) {
            (_, Some(v)) => {
                out.push(v);
                i += 2;
            }
            (b'+', None) => out.push(b' '),
            (c, None) => out.push(c),
        }
        i += 1;
    }
    crate::platform::utf8(out).unwrap_or_else(|| s.into())
}

/// Form-encodes one query component as `URLSearchParams#toString` does.
pub fn form_encode(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for &c in s.as_bytes() {
        match c {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'*' | b'-' | b'.' | b'_' => {
                out.push(c as char)
            }
            b' ' => out.push('+'),
            _ => crate::pure::push_percent(&mut out, c),
        }
    }
    out
}

/// The `key=value` pairs of a search string (with or without its `?`), raw.
fn pairs(search: &str) -> impl Iterator<Item = (&str, &str)> {
    // Leading `?`s skipped by a byte count, not `trim_start_matches`' char searcher (with
    // `MemoryStorage` by one search: -273 B gzip, `make size`).
    let skip = search.bytes().take_while(|&b| b == b'?').count();
    let search = search.get(skip..).unwrap_or("");
    pure::split(search, b'&')
        .filter(|p| !p.is_empty())
        .map(|p| pure::split_once(p, b'=').unwrap_or((p, "")))
}

/// The first decoded value of `key` in `search`.
pub fn query_get(search: &str, key: &str) -> Option<String> {
    pairs(search)
        .find(|(k, _)| form_decode(k) == key)
        .map(|(_, v)| form_decode(v))
}

/// `search` without the given keys; `""` when nothing is left, else `?a=b&…`
/// (the kept pairs are left byte for byte as they were).
pub fn query_remove(search: &str, keys: &[&str]) -> String {
    let mut out = String::new();
    for (k, v) in pairs(search) {
        let dk = form_decode(k);
        if keys.iter().any(|x| *x == dk) {
            continue;
        }
        out.push(if out.is_empty() { '?' } else { '&' });
        out.push_str(k);
        if !v.is_empty() {
            out.push('=');
            out.push_str(v);
        }
    }
    out
}

/// `url` with `key` set to `value` like `URL#searchParams.set`: the first existing
/// value is replaced and later duplicates dropped, else the pair is appended.
pub fn url_set_param(url: &str, key: &str, value: &str) -> String {
    let (base, search, hash) = split_href(url);
    let mut out = String::from(base);
    let mut done = false;
    let mut first = true;
    let mut push = |out: &mut String, k: &str, v: &str| {
        out.push(if first { '?' } else { '&' });
        first = false;
        out.push_str(k);
        out.push('=');
        out.push_str(v);
    };
    for (k, v) in pairs(search) {
        if form_decode(k) == key {
            if !done {
                push(&mut out, &form_encode(key), &form_encode(value));
                done = true;
            }
        } else {
            push(&mut out, k, v);
        }
    }
    if !done {
        push(&mut out, &form_encode(key), &form_encode(value));
    }
    out.push_str(hash);
    out
}

/// `base` (origin + pathname) with `search` and `hash` put back.
pub fn join(base: &str, search: &str, hash: &str) -> String {
    let mut s = String::from(base);
    push_part(&mut s, search, '?');
    push_part(&mut s, hash, '#');
    s
}

/// Appends a search or hash `part` unless it is empty or only its `mark`, with the mark.
fn push_part(s: &mut String, part: &str, mark: char) {
    if part.len() > 1 {
        if !part.starts_with(mark) {
            s.push(mark);
        }
        s.push_str(part);
    }
}

/// The default login page URL of spec §2.7 (`toDefaultLoginPage`); `query` pairs are
/// appended as given (not encoded), as the official SDK does.
pub fn default_login_page(
    redirect_uri: &str,
    app_id: &str,
    env: &str,
    client_id: &str,
    config_version: &str,
    query: &[(String, String)],
    encoded_redirect: &str,
) -> String {
    let origin = origin_of(redirect_uri);
    let mut s = String::from(origin);
    s.push_str("/__auth/?app_id=");
    s.push_str(app_id);
    s.push_str("&env_id=");
    s.push_str(env);
    s.push_str("&client_id=");
    s.push_str(client_id);
    s.push_str("&config_version=");
    s.push_str(config_version);
    s.push_str("&redirect_uri=");
    s.push_str(encoded_redirect);
    for (k, v) in query {
        s.push('&');
        s.push_str(k);
        s.push('=');
        s.push_str(v);
    }
    s
}

/// `scheme://host[:port]` of an absolute URL (the whole string when it has no path).
pub fn origin_of(url: &str) -> &str {
    url.get(..crate::pure::origin_len(url)).unwrap_or(url)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn split() {
        assert_eq!(
            split_href("http://h:1/p/a?x=1&y=2#frag"),
            ("http://h:1/p/a", "?x=1&y=2", "#frag")
        );
        assert_eq!(split_href("http://h/p#a?b"), ("http://h/p", "", "#a?b"));
        assert_eq!(split_href("http://h/p?#"), ("http://h/p", "", ""));
        assert_eq!(split_href("http://h/"), ("http://h/", "", ""));
    }

    #[test]
    fn query() {
        let s = "?code=a%2Fb&state=prd-github-x&tab=2&q=a+b";
        assert_eq!(query_get(s, "code").as_deref(), Some("a/b"));
        assert_eq!(query_get(s, "q").as_deref(), Some("a b"));
        assert_eq!(query_get(s, "nope"), None);
        assert_eq!(query_remove(s, &["code", "state"]), "?tab=2&q=a+b");
        assert_eq!(query_remove("?code=1&state=2", &["code", "state"]), "");
        assert_eq!(query_remove("", &["code"]), "");
        assert_eq!(form_decode("%zz%4"), "%zz%4");
        assert_eq!(form_decode("%E4%BD%A0"), "你");
        assert_eq!(form_decode("%FF"), "%FF");
        assert!(is_absolute("http://x") && !is_absolute("x/y"));
    }

    #[test]
    fn set_param() {
        assert_eq!(
            url_set_param("http://h/a?x=1&y=2#h", "x", "a b"),
            "http://h/a?x=a+b&y=2#h"
        );
        assert_eq!(
            url_set_param("http://h/a", "auto_approve", "1"),
            "http://h/a?auto_approve=1"
        );
        assert_eq!(
            url_set_param("http://h/a?x=1&x=2&z", "x", "3"),
            "http://h/a?x=3&z="
        );
        assert_eq!(form_encode("a/b c~"), "a%2Fb+c%7E");
    }

    #[test]
    fn joined() {
        assert_eq!(join("http://h/p", "?a=1", "#x"), "http://h/p?a=1#x");
        assert_eq!(join("http://h/p", "", ""), "http://h/p");
        assert_eq!(join("http://h/p", "?", "#"), "http://h/p");
    }

    #[test]
    fn login_page() {
        let u = default_login_page(
            "http://127.0.0.1:5/app/x?y=1",
            "",
            "env1",
            "cid",
            "env",
            &[("lang".into(), "en".into())],
            "http%3A%2F%2F127.0.0.1%3A5%2Fapp%2Fx%3Fy%3D1",
        );
        assert_eq!(
            u,
            "http://127.0.0.1:5/__auth/?app_id=&env_id=env1&client_id=cid&config_version=env\
             &redirect_uri=http%3A%2F%2F127.0.0.1%3A5%2Fapp%2Fx%3Fy%3D1&lang=en"
        );
        assert_eq!(origin_of("https://a.b:8/x"), "https://a.b:8");
        assert_eq!(origin_of("https://a.b"), "https://a.b");
    }
}
