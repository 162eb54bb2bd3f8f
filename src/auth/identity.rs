//! Identity Source Management (spec §2.4). `linkIdentity` lives with the OAuth flow
//! (`crate::oauth`), since it is a `bind_identity` redirect.

use wasm_bindgen::JsCast;

use super::Auth;
use crate::error::AuthError;
use crate::platform::ToEnd;
use crate::reflect;

/// One identity linked to the signed-in user (an entry of `GET /v1/user/provider`).
#[derive(Clone, Debug, PartialEq)]
pub struct LinkedIdentity {
    /// Provider id, e.g. `github`.
    pub id: String,
    /// The entry as the server sent it (`{id, name, picture?, provider_user_name?, bind, …}`),
    /// as JSON text.
    pub json: String,
}

impl Auth {
    /// `GET /v1/user/provider`: the linked identities (entries with `bind: true`).
    pub async fn get_user_identities(&self) -> Result<Vec<LinkedIdentity>, AuthError> {
        let v = self
            .authed("GET", "/v1/user/provider", None)
            .to_end()
            .await?;
        let data = reflect::get(&v, "data");
        let Some(list) = data.dyn_ref::<js_sys::Array>() else {
            return Ok(Vec::new());
        };
        // A loop rather than `filter().map().collect()`: one generic instance fewer (-153 B gzip).
        let mut out = Vec::new();
        for item in list.iter() {
            if reflect::get(&item, "bind").is_truthy() {
                out.push(LinkedIdentity {
                    id: reflect::get_str(&item, "id").unwrap_or_default(),
                    json: reflect::json_stringify(&item),
                });
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
        self.authed("DELETE", &path, None)
            .to_end()
            .await
            .map(|_| ())
    }
}
