//! Pure helpers with no browser dependency (unit-tested on the host): ids, expiry
//! arithmetic, endpoint origins, empty text read as absent and splitting at an ASCII
//! separator.

/// Formats 16 random bytes as the official SDK's id: 32 lowercase hex chars,
/// uuid-v4 style without dashes (`xxxxxxxxxxxx4xxxyxxxxxxxxxxxxxxx`).
pub(crate) fn uuid_hex(bytes: [u8; 16]) -> String {
    const HEX: &[u8; 16] = b"0123456789abcdef";
    let mut out = String::with_capacity(32);
    for (i, b) in bytes.iter().enumerate() {
        let (mut hi, lo) = (b >> 4, b & 15);
        if i == 6 {
            hi = 4; // version nibble: char 12
        }
        if i == 8 {
            hi = 8 | (hi & 3); // variant nibble: char 16 is one of 8, 9, a, b
        }
        out.push(HEX[hi as usize] as char);
        out.push(HEX[lo as usize] as char);
    }
    out
}

/// Appends `%XX` (upper-case hex) for one byte.
pub(crate) fn push_percent(out: &mut String, b: u8) {
    const HEX: &[u8; 16] = b"0123456789ABCDEF";
    out.push('%');
    out.push(HEX[usize::from(b >> 4)] as char);
    out.push(HEX[usize::from(b & 15)] as char);
}

/// `expires_at` (ms since epoch) for a token received at `now_ms` that lives
/// `expires_in` seconds: 30 s early, as the official SDK does (spec §4.2).
pub(crate) fn expires_at_ms(now_ms: f64, expires_in: f64) -> f64 {
    now_ms + (expires_in - 30.0) * 1000.0
}

/// Keeps only `scheme://host[:port]` of `protocol + url`, like the official
/// SDK's `getBaseEndPoint` (`/v1` and `/web` suffixes are dropped).
/// `protocol` may be `http`, `http:` or empty (then `https:`).
pub(crate) fn endpoint_origin(url: &str, protocol: &str) -> String {
    let mut full = String::new();
    if !url.starts_with("http:") && !url.starts_with("https:") {
        full.push_str(if protocol.is_empty() {
            "https"
        } else {
            protocol.trim_end_matches(':')
        });
        full.push(':');
    }
    full.push_str(url);
    let end = origin_len(&full);
    full.truncate(end);
    full
}

/// Length of the `scheme://host[:port]` prefix of `url` (all of it when it has no path).
///
/// Byte scans, no `str` slicing or substring search: nothing here can panic, which keeps
/// the panic-message formatting and the two-way searcher out of the wasm. Measured with
/// `make size` against `url.find("//")` + `url[start..].find(..)`: together with the
/// scans in `http::with_client_id` and `oauth::url::is_absolute`, 8.0 KB raw / 3.1 KB gzip.
pub(crate) fn origin_len(url: &str) -> usize {
    let b = url.as_bytes();
    let start = b.windows(2).position(|w| w == b"//").map_or(0, |i| i + 2);
    b.iter()
        .skip(start)
        .position(|c| matches!(c, b'/' | b'?' | b'#'))
        .map_or(b.len(), |i| start + i)
}

/// `s` split at the first `sep` (an ASCII byte), like `str::split_once(char)`.
///
/// This and [`split`] are byte scans instead of `str`'s char pattern searcher (its
/// `memchr` and `Split` code in every caller's wasm): -342 B gzip (`make size`).
pub(crate) fn split_once(s: &str, sep: u8) -> Option<(&str, &str)> {
    let i = s.bytes().position(|b| b == sep)?;
    // An ASCII byte is a char boundary on both sides, so neither `get` fails.
    Some((s.get(..i)?, s.get(i + 1..)?))
}

/// `s` unless it is empty: how the package reads optional text (an empty string counts as
/// absent). One function for every such read, the core's and the JS edge's (-328 B gzip, `make size`).
pub(crate) fn non_empty(s: Option<String>) -> Option<String> {
    s.filter(|s| !s.is_empty())
}

/// The pieces of `s` between `sep` bytes (ASCII), like `str::split(char)`.
pub(crate) fn split(s: &str, sep: u8) -> Split<'_> {
    Split { rest: Some(s), sep }
}

/// The iterator of [`split`].
pub(crate) struct Split<'a> {
    rest: Option<&'a str>,
    sep: u8,
}

impl<'a> Iterator for Split<'a> {
    type Item = &'a str;

    fn next(&mut self) -> Option<&'a str> {
        let s = self.rest?;
        match split_once(s, self.sep) {
            Some((piece, rest)) => {
                self.rest = Some(rest);
                Some(piece)
            }
            None => {
                self.rest = None;
                Some(s)
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn uuid_shape() {
        let id = uuid_hex([0xff; 16]);
        assert_eq!(id.len(), 32);
        assert_eq!(&id[12..13], "4");
        assert_eq!(&id[16..17], "b");
        let id = uuid_hex([0; 16]);
        assert_eq!(id, "00000000000040008000000000000000");
        assert!(id
            .bytes()
            .all(|b| b.is_ascii_hexdigit() && !b.is_ascii_uppercase()));
    }

    #[test]
    fn expiry_is_thirty_seconds_early() {
        assert_eq!(
            expires_at_ms(1_000_000.0, 7200.0),
            1_000_000.0 + 7_170_000.0
        );
        assert_eq!(expires_at_ms(0.0, 31.0), 1000.0);
    }

    #[test]
    fn origins() {
        assert_eq!(
            endpoint_origin("//127.0.0.1:8787/v1", "http"),
            "http://127.0.0.1:8787"
        );
        assert_eq!(
            endpoint_origin("//127.0.0.1:8787/v1", "http:"),
            "http://127.0.0.1:8787"
        );
        assert_eq!(
            endpoint_origin("//e.api.tcloudbasegateway.com/v1", ""),
            "https://e.api.tcloudbasegateway.com"
        );
        assert_eq!(
            endpoint_origin("http://localhost:1/x?y", "https"),
            "http://localhost:1"
        );
        assert_eq!(endpoint_origin("//h", "http"), "http://h");
    }

    #[test]
    fn empty_text_is_absent() {
        assert_eq!(non_empty(Some(String::new())), None);
        assert_eq!(non_empty(Some("a".into())).as_deref(), Some("a"));
        assert_eq!(non_empty(None), None);
    }

    #[test]
    fn split_like_str_split() {
        for (s, sep) in [
            ("a b  c", ' '),
            ("", ' '),
            ("x.", '.'),
            (".y.z", '.'),
            ("k=v=w", '='),
        ] {
            let ours: Vec<_> = split(s, sep as u8).collect();
            let std: Vec<_> = s.split(sep).collect();
            assert_eq!(ours, std);
            assert_eq!(split_once(s, sep as u8), s.split_once(sep));
        }
    }
}
