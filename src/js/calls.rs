//! The numbers `AuthCore.call(n, a, b)` takes for its calls: each call's position in the list
//! `CALLS` of `js/auth.js` (`METHODS`, then `V2_METHODS`, then the rest) and in [`NAMES`], which
//! the test below compares. Numbers rather than names: the names stay out of the `.wasm` and
//! the dispatch is one jump table instead of a string comparison per call: 424 B gzip less
//! (`make size`).

/// `signUp`.
pub const SIGN_UP: u32 = 0;
/// `signInAnonymously`.
pub const SIGN_IN_ANONYMOUSLY: u32 = 1;
/// `signInWithPassword`.
pub const SIGN_IN_WITH_PASSWORD: u32 = 2;
/// `signInWithOtp`.
pub const SIGN_IN_WITH_OTP: u32 = 3;
/// `signInWithOAuth`.
pub const SIGN_IN_WITH_OAUTH: u32 = 4;
/// `signInWithIdToken`.
pub const SIGN_IN_WITH_ID_TOKEN: u32 = 5;
/// `signInWithCustomTicket`.
pub const SIGN_IN_WITH_CUSTOM_TICKET: u32 = 6;
/// `signInWithOpenId`.
pub const SIGN_IN_WITH_OPEN_ID: u32 = 7;
/// `signInWithPhoneAuth`.
pub const SIGN_IN_WITH_PHONE_AUTH: u32 = 8;
/// `getSession`.
pub const GET_SESSION: u32 = 9;
/// `refreshSession`.
pub const REFRESH_SESSION: u32 = 10;
/// `setSession`.
pub const SET_SESSION: u32 = 11;
/// `signOut`.
pub const SIGN_OUT: u32 = 12;
/// `getUser`.
pub const GET_USER: u32 = 13;
/// `refreshUser`.
pub const REFRESH_USER: u32 = 14;
/// `updateUser`.
pub const UPDATE_USER: u32 = 15;
/// `deleteUser`.
pub const DELETE_USER: u32 = 16;
/// `getUserIdentities`.
pub const GET_USER_IDENTITIES: u32 = 17;
/// `linkIdentity`.
pub const LINK_IDENTITY: u32 = 18;
/// `unlinkIdentity`.
pub const UNLINK_IDENTITY: u32 = 19;
/// `resetPasswordForEmail`.
pub const RESET_PASSWORD_FOR_EMAIL: u32 = 20;
/// `resetPasswordForOld`.
pub const RESET_PASSWORD_FOR_OLD: u32 = 21;
/// `reauthenticate`.
pub const REAUTHENTICATE: u32 = 22;
/// `verifyOtp`.
pub const VERIFY_OTP: u32 = 23;
/// `resend`.
pub const RESEND: u32 = 24;
/// `verifyOAuth`.
pub const VERIFY_OAUTH: u32 = 25;
/// `getClaims`.
pub const GET_CLAIMS: u32 = 26;
/// `toDefaultLoginPage`.
pub const TO_DEFAULT_LOGIN_PAGE: u32 = 27;
/// `exchangeCodeForSession`.
pub const EXCHANGE_CODE_FOR_SESSION: u32 = 28;
/// `getLoginState`.
pub const GET_LOGIN_STATE: u32 = 29;
/// `getCurrentUser`.
pub const GET_CURRENT_USER: u32 = 30;
/// `getAccessToken`.
pub const GET_ACCESS_TOKEN: u32 = 31;
/// `signInWithEmailAndPassword`.
pub const SIGN_IN_WITH_EMAIL_AND_PASSWORD: u32 = 32;
/// `onLoginStateChanged`.
pub const ON_LOGIN_STATE_CHANGED: u32 = 33;
/// `anonymousSignIn`.
pub const ANONYMOUS_SIGN_IN: u32 = 34;
/// `onAuthStateChange`.
pub const ON_AUTH_STATE_CHANGE: u32 = 35;
/// `unsubscribe`.
pub const UNSUBSCRIBE: u32 = 36;
/// `hasLoginState`.
pub const HAS_LOGIN_STATE: u32 = 37;
/// `setEndpoint`.
pub const SET_ENDPOINT: u32 = 38;

/// The calls' names in number order, as `js/auth.js` lists them.
pub const NAMES: [&str; 39] = [
    "signUp",
    "signInAnonymously",
    "signInWithPassword",
    "signInWithOtp",
    "signInWithOAuth",
    "signInWithIdToken",
    "signInWithCustomTicket",
    "signInWithOpenId",
    "signInWithPhoneAuth",
    "getSession",
    "refreshSession",
    "setSession",
    "signOut",
    "getUser",
    "refreshUser",
    "updateUser",
    "deleteUser",
    "getUserIdentities",
    "linkIdentity",
    "unlinkIdentity",
    "resetPasswordForEmail",
    "resetPasswordForOld",
    "reauthenticate",
    "verifyOtp",
    "resend",
    "verifyOAuth",
    "getClaims",
    "toDefaultLoginPage",
    "exchangeCodeForSession",
    "getLoginState",
    "getCurrentUser",
    "getAccessToken",
    "signInWithEmailAndPassword",
    "onLoginStateChanged",
    "anonymousSignIn",
    "onAuthStateChange",
    "unsubscribe",
    "hasLoginState",
    "setEndpoint",
];

/// The number of the call `name` (tests and tools; the package's entry numbers its calls itself,
/// so this and [`NAMES`] are not linked into the `.wasm`).
pub fn number(name: &str) -> Option<u32> {
    NAMES.iter().position(|n| *n == name).map(|i| i as u32)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The quoted names of the list `const <name> = [ ... ];` in `js`, in order.
    fn list<'a>(js: &'a str, name: &str) -> Vec<&'a str> {
        let start = js
            .find(&format!("const {name} = ["))
            .expect("list in js/auth.js");
        let body = &js[start..];
        let body = &body[..body.find("];").expect("end of list")];
        body.split('\'').skip(1).step_by(2).collect()
    }

    #[test]
    fn names_follow_the_entry_list() {
        let js = include_str!("../../js/auth.js");
        let mut calls = list(js, "METHODS");
        calls.extend(list(js, "V2_METHODS"));
        calls.extend(list(js, "CALLS"));
        assert_eq!(calls, NAMES);
    }

    #[test]
    fn numbers_are_positions() {
        let numbers = [
            SIGN_UP,
            SIGN_IN_ANONYMOUSLY,
            SIGN_IN_WITH_PASSWORD,
            SIGN_IN_WITH_OTP,
            SIGN_IN_WITH_OAUTH,
            SIGN_IN_WITH_ID_TOKEN,
            SIGN_IN_WITH_CUSTOM_TICKET,
            SIGN_IN_WITH_OPEN_ID,
            SIGN_IN_WITH_PHONE_AUTH,
            GET_SESSION,
            REFRESH_SESSION,
            SET_SESSION,
            SIGN_OUT,
            GET_USER,
            REFRESH_USER,
            UPDATE_USER,
            DELETE_USER,
            GET_USER_IDENTITIES,
            LINK_IDENTITY,
            UNLINK_IDENTITY,
            RESET_PASSWORD_FOR_EMAIL,
            RESET_PASSWORD_FOR_OLD,
            REAUTHENTICATE,
            VERIFY_OTP,
            RESEND,
            VERIFY_OAUTH,
            GET_CLAIMS,
            TO_DEFAULT_LOGIN_PAGE,
            EXCHANGE_CODE_FOR_SESSION,
            GET_LOGIN_STATE,
            GET_CURRENT_USER,
            GET_ACCESS_TOKEN,
            SIGN_IN_WITH_EMAIL_AND_PASSWORD,
            ON_LOGIN_STATE_CHANGED,
            ANONYMOUS_SIGN_IN,
            ON_AUTH_STATE_CHANGE,
            UNSUBSCRIBE,
            HAS_LOGIN_STATE,
            SET_ENDPOINT,
        ];
        assert!(numbers.iter().copied().eq(0..NAMES.len() as u32));
    }
}
