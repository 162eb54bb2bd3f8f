//! Identity Source Management (spec §2.4). `linkIdentity` lives with the OAuth flow
//! (`crate::oauth`), since it is a `bind_identity` redirect.

use wasm_bindgen::JsCast;

use super::Auth;
use crate::error::AuthError;
use crate::reflect;

impl Auth {
    /// `GET /v1/user/provider`: the linked identities (entries with `bind: true`), as
    /// the server sent them (`{id, name, picture?, provider_user_name?, bind, …}`).
    pub async fn get_user_identities(&self) -> Result<js_sys::Array, AuthError> {
        let v = self.authed("GET", "/v1/user/provider", None).await?;
        let out = js_sys::Array::new();
        let data = reflect::get(&v, "data");
        if let Some(list) = data.dyn_ref::<js_sys::Array>() {
            for item in list.iter() {
                if reflect::get(&item, "bind").is_truthy() {
                    out.push(&item);
                }
            }
        }
        Ok(out)
    }

    /// `DELETE /v1/user/provider/{provider}`: unlinks an identity from the signed-in user.
    pub async fn unlink_identity(&self, provider: &str) -> Result<(), AuthError> {
        if provider.is_empty() {
            return Err(AuthError::invalid_argument("provider is required"));
        }
        let mut path = String::from("/v1/user/provider/");
        path.push_str(&crate::platform::encode_uri_component(provider));
        self.authed("DELETE", &path, None).await.map(|_| ())
    }
}
