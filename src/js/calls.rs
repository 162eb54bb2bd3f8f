//! The numbers `AuthCore.call(n, a, b)` takes for its calls: each call's position in the list
//! `CALLS` of `js/auth.js` (`METHODS`, then `V2_METHODS`, then the rest) and in [`NAMES`], which
//! the test below compares. Numbers rather than names: the names stay out of the `.wasm` and
//! the dispatch is one jump table instead of a string comparison per call: 424 B gzip less
//! (`make size`).

/// One constant per call, numbered by its place in the list, and [`NAMES`] in the same order:
/// written once, so a number and its name cannot drift apart.
macro_rules! calls {
    ($($name:ident = $js:literal,)*) => {
        calls!(@number 0u32; $($name = $js,)*);
        /// The calls' names in number order, as `js/auth.js` lists them.
        pub const NAMES: &[&str] = &[$($js),*];
    };
    (@number $n:expr; $name:ident = $js:literal, $($rest:tt)*) => {
        #[doc = concat!("`", $js, "`.")]
        pub const $name: u32 = $n;
        calls!(@number $n + 1; $($rest)*);
    };
    (@number $n:expr;) => {};
}

calls! {
    SIGN_UP = "signUp",
    SIGN_IN_ANONYMOUSLY = "signInAnonymously",
    SIGN_IN_WITH_PASSWORD = "signInWithPassword",
    SIGN_IN_WITH_OTP = "signInWithOtp",
    SIGN_IN_WITH_OAUTH = "signInWithOAuth",
    SIGN_IN_WITH_ID_TOKEN = "signInWithIdToken",
    SIGN_IN_WITH_CUSTOM_TICKET = "signInWithCustomTicket",
    SIGN_IN_WITH_OPEN_ID = "signInWithOpenId",
    SIGN_IN_WITH_PHONE_AUTH = "signInWithPhoneAuth",
    GET_SESSION = "getSession",
    REFRESH_SESSION = "refreshSession",
    SET_SESSION = "setSession",
    SIGN_OUT = "signOut",
    GET_USER = "getUser",
    REFRESH_USER = "refreshUser",
    UPDATE_USER = "updateUser",
    DELETE_USER = "deleteUser",
    GET_USER_IDENTITIES = "getUserIdentities",
    LINK_IDENTITY = "linkIdentity",
    UNLINK_IDENTITY = "unlinkIdentity",
    RESET_PASSWORD_FOR_EMAIL = "resetPasswordForEmail",
    RESET_PASSWORD_FOR_OLD = "resetPasswordForOld",
    REAUTHENTICATE = "reauthenticate",
    VERIFY_OTP = "verifyOtp",
    RESEND = "resend",
    VERIFY_OAUTH = "verifyOAuth",
    GET_CLAIMS = "getClaims",
    TO_DEFAULT_LOGIN_PAGE = "toDefaultLoginPage",
    EXCHANGE_CODE_FOR_SESSION = "exchangeCodeForSession",
    GET_LOGIN_STATE = "getLoginState",
    GET_CURRENT_USER = "getCurrentUser",
    GET_ACCESS_TOKEN = "getAccessToken",
    SIGN_IN_WITH_EMAIL_AND_PASSWORD = "signInWithEmailAndPassword",
    ON_LOGIN_STATE_CHANGED = "onLoginStateChanged",
    ON_AUTH_STATE_CHANGE = "onAuthStateChange",
    UNSUBSCRIBE = "unsubscribe",
    HAS_LOGIN_STATE = "hasLoginState",
    SET_ENDPOINT = "setEndpoint",
}

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
}
