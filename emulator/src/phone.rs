//! Phone numbers: identity is the E.164 digit string (`+12025550123`), the wire
//! format is `+CC NNN…` with one space after the real ITU country code (spec §12).

/// ITU-T E.164 two-digit country codes; anything not listed here or in the one-digit
/// set (`1`, `7`) is a three-digit code.
const TWO_DIGIT_CODES: &[&str] = &[
    "20", "27", "30", "31", "32", "33", "34", "36", "39", "40", "41", "43", "44", "45", "46", "47",
    "48", "49", "51", "52", "53", "54", "55", "56", "57", "58", "60", "61", "62", "63", "64", "65",
    "66", "81", "82", "84", "86", "90", "91", "92", "93", "94", "95", "98",
];

/// Normalises a phone number to E.164 (`+` and digits), by the rule shared with the package
/// (`src/phone.rs`) and pinned by the case table `tests/phone-cases.json`:
///
/// an optional leading `+`, then digits and the separators ` `, `-`, `.`, `(`, `)`; with `+`,
/// at most 15 digits, not starting with 0, a 1–3 digit country code plus at least 4 national
/// digits; without `+`, only a mainland China mobile number (11 digits starting with `1`,
/// taken as `+86`). Returns `None` for anything else.
pub fn to_e164(input: &str) -> Option<String> {
    let trimmed = input.trim();
    let (plus, body) = match trimmed.strip_prefix('+') {
        Some(rest) => (true, rest),
        None => (false, trimmed),
    };
    if !body
        .chars()
        .all(|c| c.is_ascii_digit() || matches!(c, ' ' | '-' | '.' | '(' | ')'))
    {
        return None;
    }
    let digits: String = body.chars().filter(char::is_ascii_digit).collect();
    if !plus {
        return (digits.len() == 11 && digits.starts_with('1')).then(|| format!("+86{digits}"));
    }
    let national_min = country_code_len(&digits) + 4;
    if digits.len() > 15 || digits.len() < national_min || digits.starts_with('0') {
        return None;
    }
    Some(format!("+{digits}"))
}

/// Length of the country code at the start of `digits` (no `+`).
fn country_code_len(digits: &str) -> usize {
    if digits.starts_with('1') || digits.starts_with('7') {
        1
    } else if TWO_DIGIT_CODES.iter().any(|cc| digits.starts_with(cc)) {
        2
    } else {
        3
    }
}

/// Formats an E.164 number (`+12025550123`) for the wire: `+1 2025550123`.
pub fn to_wire(e164: &str) -> String {
    let digits = e164.trim_start_matches('+');
    let cc = country_code_len(digits).min(digits.len());
    format!("+{} {}", &digits[..cc], &digits[cc..])
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn same_identity_whatever_the_split() {
        assert_eq!(to_e164("+1 2025550123").as_deref(), Some("+12025550123"));
        assert_eq!(to_e164("+12 025550123").as_deref(), Some("+12025550123"));
        assert_eq!(to_e164("+12025550123").as_deref(), Some("+12025550123"));
        assert_eq!(
            to_e164("+86 13800138000").as_deref(),
            Some("+8613800138000")
        );
        assert_eq!(to_e164("13800138000").as_deref(), Some("+8613800138000"));
        assert_eq!(
            to_e164(" +44 (20) 7946-0018 ").as_deref(),
            Some("+442079460018")
        );
    }

    /// The case table shared with the package's `format_phone` (repo `tests/phone-cases.json`).
    #[test]
    fn shared_case_table() {
        let table: serde_json::Value =
            serde_json::from_str(include_str!("../../tests/phone-cases.json")).unwrap();
        let cases = table["cases"].as_array().unwrap();
        assert!(cases.len() > 30);
        for case in cases {
            let input = case["input"].as_str().unwrap();
            let e164 = to_e164(input);
            assert_eq!(e164.as_deref(), case["e164"].as_str(), "{input:?}");
            assert_eq!(
                e164.as_deref().map(to_wire).as_deref(),
                case["wire"].as_str(),
                "{input:?}"
            );
        }
    }

    #[test]
    fn wire_format_uses_real_country_code() {
        assert_eq!(to_wire("+12025550123"), "+1 2025550123");
        assert_eq!(to_wire("+8613800138000"), "+86 13800138000");
        assert_eq!(to_wire("+442079460018"), "+44 2079460018");
        assert_eq!(to_wire("+85291234567"), "+852 91234567");
        assert_eq!(to_wire("+79161234567"), "+7 9161234567");
    }
}
