//! Phone number normalisation to the wire format `+CC NNN…` (spec §2.0, §12).

use crate::error::{codes, AuthError};

/// ITU-T E.164 two-digit country codes. Codes are prefix-free: a number starting
/// with `1` or `7` has a one-digit code, one starting with one of these has a
/// two-digit code, and every other number has a three-digit code.
const TWO_DIGIT: &[u8] = &[
    20, 27, 30, 31, 32, 33, 34, 36, 39, 40, 41, 43, 44, 45, 46, 47, 48, 49, 51, 52, 53, 54, 55, 56,
    57, 58, 60, 61, 62, 63, 64, 65, 66, 81, 82, 84, 86, 90, 91, 92, 93, 94, 95, 98,
];

/// True for a code in [`TWO_DIGIT`]. `iter().any` rather than `contains`, which brings
/// `memchr` for this 44-byte table (-70 B gzip, `make size`); hence the lint exception.
#[allow(clippy::manual_contains)]
fn is_two_digit(cc: u8) -> bool {
    TWO_DIGIT.iter().any(|&c| c == cc)
}

/// Length of the country code at the start of `digits` (1–3).
fn country_code_len(digits: &[u8]) -> usize {
    match digits.first() {
        Some(b'1') | Some(b'7') => 1,
        _ if digits.len() >= 2 && is_two_digit((digits[0] - b'0') * 10 + (digits[1] - b'0')) => 2,
        _ => 3,
    }
}

/// Normalises a phone number to `+CC NNN…` with exactly one space after a correct
/// 1–3 digit country code.
///
/// * `13800138000` (11 digits starting with 1, mainland China) → `+86 13800138000`
/// * `+8613800138000` / `+86 138-0013-8000` → `+86 13800138000`
/// * `+12025550123` → `+1 2025550123`
///
/// Anything else (no `+` and not a mainland mobile number, letters, too short or
/// too long for E.164) is an `invalid_phone` error.
pub fn format_phone(input: &str) -> Result<String, AuthError> {
    let t = crate::platform::trim(input);
    let t = t.as_str();
    let (plus, rest) = match t.strip_prefix('+') {
        Some(r) => (true, r),
        None => (false, t),
    };
    // A `String` of ASCII digits: pushed and copied as such, with no `u8 as char` pushes,
    // whose UTF-8 encoding the compiler cannot rule out (about -40 B gzip, `make size`).
    let mut digits = String::with_capacity(rest.len());
    for b in rest.bytes() {
        match b {
            b'0'..=b'9' => digits.push(char::from(b)),
            // Separators people type; they carry no meaning.
            b' ' | b'-' | b'(' | b')' | b'.' => {}
            _ => return Err(invalid(input)),
        }
    }
    let d = digits.as_bytes();
    if !plus {
        if d.len() == 11 && d[0] == b'1' {
            let mut out = String::from("+86 ");
            out.push_str(&digits);
            return Ok(out);
        }
        return Err(invalid(input));
    }
    let cc = country_code_len(d);
    // E.164: at most 15 digits in all; require a few national digits.
    if d.len() > 15 || d.len() < cc + 4 || d[0] == b'0' {
        return Err(invalid(input));
    }
    let (code, national) = digits.split_at(cc);
    let mut out = String::with_capacity(d.len() + 2);
    out.push('+');
    out.push_str(code);
    out.push(' ');
    out.push_str(national);
    Ok(out)
}

fn invalid(input: &str) -> AuthError {
    let mut m = String::from("invalid phone number: ");
    m.push_str(input);
    AuthError::new(codes::INVALID_PHONE, m)
}

#[cfg(test)]
mod tests {
    use super::format_phone;

    fn ok(i: &str) -> String {
        format_phone(i).expect(i)
    }

    /// The case table shared with the emulator (`tests/phone-cases.json`): both sides accept the same
    /// numbers, and a `null` wire form is an `invalid_phone` error before any request.
    #[test]
    fn shared_case_table() {
        let table: serde_json::Value =
            serde_json::from_str(include_str!("../tests/phone-cases.json")).unwrap();
        let cases = table["cases"].as_array().unwrap();
        assert!(cases.len() > 30);
        for case in cases {
            let input = case["input"].as_str().unwrap();
            match (format_phone(input), case["wire"].as_str()) {
                (Ok(got), Some(want)) => assert_eq!(got, want, "{input:?}"),
                (Err(e), None) => {
                    assert_eq!(e.code, crate::error::codes::INVALID_PHONE, "{input:?}")
                }
                (got, want) => panic!("{input:?}: got {got:?}, table says {want:?}"),
            }
        }
    }

    #[test]
    fn mainland_bare_number() {
        assert_eq!(ok("13800138000"), "+86 13800138000");
        assert_eq!(ok(" 138 0013 8000 "), "+86 13800138000");
        // Unicode whitespace around the number (a full-width space, a no-break space) is trimmed
        // too (tests/browser.rs checks the browser's `String#trim` path the same way).
        assert_eq!(ok("\u{3000}+86 138 0013 8000\u{a0}\t"), "+86 13800138000");
    }

    #[test]
    fn with_plus_and_two_digit_code() {
        assert_eq!(ok("+8613800138000"), "+86 13800138000");
        assert_eq!(ok("+86 13800138000"), "+86 13800138000");
        assert_eq!(ok("+86-138-0013-8000"), "+86 13800138000");
        assert_eq!(ok("+447911123456"), "+44 7911123456");
    }

    #[test]
    fn one_and_three_digit_codes() {
        assert_eq!(ok("+12025550123"), "+1 2025550123");
        assert_eq!(ok("+1 2025550123"), "+1 2025550123");
        assert_eq!(ok("+79161234567"), "+7 9161234567");
        assert_eq!(ok("+85291234567"), "+852 91234567");
        assert_eq!(ok("+886912345678"), "+886 912345678");
        assert_eq!(ok("+3531234567"), "+353 1234567");
    }

    #[test]
    fn rejects_malformed() {
        for bad in [
            "",
            "+",
            "abc",
            "12345",
            "+86",
            "+0123456789",
            "+1234567890123456",
            "+86 1380x",
            "02025550123",
        ] {
            let e = format_phone(bad).unwrap_err();
            assert_eq!(e.code, "invalid_phone", "{bad}");
        }
    }
}
