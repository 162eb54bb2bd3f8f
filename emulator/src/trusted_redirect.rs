//! Trusted redirect targets: parsing the host of a `redirect_uri` and matching it against
//! trusted-domain patterns (`host`, `host:port`, `*.domain`).

/// Whether `s` (lower case) is `host`, `host:port` or `*.domain`.
pub fn valid_domain_pattern(s: &str) -> bool {
    let body = s.strip_prefix("*.").unwrap_or(s);
    !body.is_empty()
        && body
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, '.' | '-' | ':' | '[' | ']'))
}

/// `host` (lower-cased) and optional port of an absolute http(s) URL; `None` for anything
/// else, including URLs with user info (`http://trusted@evil/`).
pub fn redirect_host(uri: &str) -> Option<(String, Option<String>)> {
    let lower = uri.trim();
    let rest = lower
        .strip_prefix("http://")
        .or_else(|| lower.strip_prefix("https://"))
        .or_else(|| {
            let l = lower.to_ascii_lowercase();
            if l.starts_with("http://") {
                Some(&lower[7..])
            } else if l.starts_with("https://") {
                Some(&lower[8..])
            } else {
                None
            }
        })?;
    let end = rest.find(['/', '?', '#']).unwrap_or(rest.len());
    let authority = &rest[..end];
    if authority.is_empty() || authority.contains('@') || authority.contains('\\') {
        return None;
    }
    let (host, port) = if let Some(stripped) = authority.strip_prefix('[') {
        let close = stripped.find(']')?;
        let host = format!("[{}]", &stripped[..close]);
        let after = &stripped[close + 1..];
        (host, after.strip_prefix(':').map(str::to_string))
    } else {
        match authority.split_once(':') {
            Some((h, p)) => (h.to_string(), Some(p.to_string())),
            None => (authority.to_string(), None),
        }
    };
    if host.is_empty() || port.as_deref().is_some_and(|p| p.parse::<u16>().is_err()) {
        return None;
    }
    Some((host.to_ascii_lowercase(), port))
}

/// Whether `host` (and `port`) match a trusted-domain `pattern`.
pub fn domain_matches(pattern: &str, host: &str, port: Option<&str>) -> bool {
    let (p_host, p_port) = match pattern.rsplit_once(':') {
        Some((h, p)) if !h.ends_with(']') || pattern.starts_with('[') => {
            if p.chars().all(|c| c.is_ascii_digit()) {
                (h, Some(p))
            } else {
                (pattern, None)
            }
        }
        _ => (pattern, None),
    };
    if p_port.is_some_and(|pp| Some(pp) != port) {
        return false;
    }
    match p_host.strip_prefix("*.") {
        Some(suffix) => host.len() > suffix.len() + 1 && host.ends_with(&format!(".{suffix}")),
        None => host == p_host,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hosts_and_patterns() {
        assert_eq!(
            redirect_host("HTTP://LOCALHOST:1"),
            Some(("localhost".into(), Some("1".into())))
        );
        assert_eq!(redirect_host("http://localhost@evil.example/"), None);
        assert_eq!(redirect_host("javascript:alert(1)"), None);
        assert_eq!(redirect_host("/relative"), None);
        assert_eq!(redirect_host("http://localhost:99999/"), None);
        assert_eq!(
            redirect_host("http://[::1]:8080/x"),
            Some(("[::1]".into(), Some("8080".into())))
        );
        assert!(valid_domain_pattern("*.corp.example"));
        assert!(!valid_domain_pattern("a b"));
        assert!(!valid_domain_pattern("*."));
        assert!(domain_matches("*.corp.example", "a.corp.example", None));
        assert!(!domain_matches("*.corp.example", "corp.example", None));
        assert!(domain_matches("x.example:8443", "x.example", Some("8443")));
        assert!(!domain_matches("x.example:8443", "x.example", None));
    }
}
