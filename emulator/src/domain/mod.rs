//! The rules the routes share: addresses, sign-in names, verification tokens, sessions.
//! Depends on the state, the store and the token signer, never on a route.

pub mod address;
pub mod login;
pub mod session;
pub mod verification;

pub use address::{email_ok, parse_address, Address, Channel};
pub use login::{check_gender, check_username, parse_login};
pub use session::{scope_of, start_session, token_response};
pub use verification::consume_token;
