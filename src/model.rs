//! Wire types (`Credentials`, `UserInfo`) and caller types (`User`, `Session`), spec §7.
//!
//! Wire types derive `Deserialize` and caller types `Serialize`; serde-wasm-bindgen converts them
//! (`crate::reflect::read` / `to_js`), each in the one direction it is used. The package's
//! serde-wasm-bindgen (vendor/, patched for size) hands a struct's fields over in order, each
//! `undefined` when absent: a field that may be absent has an `Option` type (or a
//! `deserialize_with` that reads one); `#[serde(default)]` only serves other formats.
//!
//! Unknown server fields survive a round trip without `#[serde(flatten)]` (whose buffering costs
//! several KB of wasm): the object as received stays beside the typed fields, and only the
//! fields the package sets are written over a copy of it.

use serde::Deserializer;
use serde::{Deserialize, Serialize};
use wasm_bindgen::{JsCast, JsValue};

use crate::reflect;

/// Stored OAuth credentials: its [`CredentialFields`] boxed, read through `Deref` (see
/// `boxed.rs`).
#[derive(Clone, Debug)]
pub struct Credentials(Box<CredentialFields>);

boxed_fields!(Credentials, CredentialFields);

/// The fields of [`Credentials`] (a TokenResponse plus `expires_at` and `version`).
#[derive(Clone, Debug, Deserialize)]
pub struct CredentialFields {
    /// Usually `Bearer` (the default); copied verbatim into `Authorization`.
    #[serde(default = "bearer", deserialize_with = "or_bearer")]
    pub token_type: String,
    /// The access token (JWT).
    pub access_token: String,
    /// The refresh token, when the server issued one.
    pub refresh_token: Option<String>,
    /// Lifetime in seconds as sent by the server.
    pub expires_in: f64,
    /// Local expiry, ms since the epoch (30 s before the server's). Read from the stored ISO date
    /// (or ms); `NaN` until computed for a TokenResponse, which has none.
    #[serde(default = "nan", deserialize_with = "expiry")]
    pub expires_at: f64,
    /// `user`, `anonymous`, ...
    pub scope: Option<String>,
    /// The user id.
    pub sub: Option<String>,
    /// `v1` after password sign-in and refresh (protocol version for `/token`).
    pub version: Option<String>,
    /// The object as received or stored, so unknown fields survive a round trip.
    #[serde(skip)]
    pub(crate) raw: JsValue,
}

fn bearer() -> String {
    "Bearer".into()
}

/// `token_type`, `Bearer` when absent.
fn or_bearer<'de, D: Deserializer<'de>>(d: D) -> Result<String, D::Error> {
    Ok(Option::<String>::deserialize(d)?.unwrap_or_else(bearer))
}

fn nan() -> f64 {
    f64::NAN
}

/// A stored `expires_at`, the official SDK's ISO date; an unparseable date counts as expired
/// (0) rather than as valid forever. `NaN` when absent (a TokenResponse).
fn expiry<'de, D: Deserializer<'de>>(d: D) -> Result<f64, D::Error> {
    Ok(match Option::<String>::deserialize(d)? {
        Some(s) => {
            let at = js_sys::Date::parse(&s);
            if at.is_nan() {
                0.0
            } else {
                at
            }
        }
        None => f64::NAN,
    })
}

/// The fields the package writes over a copy of the received credentials object.
#[derive(Serialize)]
struct Overlay<'a> {
    #[serde(skip_serializing_if = "Option::is_none")]
    version: Option<&'a str>,
    /// An ISO date string in storage, a `Date` in the session handed to JS.
    #[serde(with = "serde_wasm_bindgen::preserve")]
    expires_at: JsValue,
    /// The session's `user` (not stored).
    #[serde(
        with = "serde_wasm_bindgen::preserve",
        skip_serializing_if = "JsValue::is_undefined"
    )]
    user: JsValue,
}

impl Credentials {
    /// Reads a TokenResponse or a stored credentials object. `None` when it has no
    /// access token or no positive `expires_in` (the SDK treats those as "no session").
    pub(crate) fn from_js(v: &JsValue, now_ms: f64) -> Option<Credentials> {
        let mut c = Credentials(Box::new(reflect::read(v).ok()?));
        if c.access_token.is_empty() || c.expires_in.is_nan() || c.expires_in <= 0.0 {
            return None;
        }
        if c.expires_at.is_nan() {
            c.expires_at = crate::pure::expires_at_ms(now_ms, c.expires_in);
        }
        c.raw = v.clone();
        Some(c)
    }

    /// True when the local expiry has passed.
    pub fn is_expired(&self, now_ms: f64) -> bool {
        self.expires_at < now_ms
    }

    /// `Authorization` header value: `{token_type} {access_token}`.
    pub fn authorization(&self) -> String {
        let mut s = self.token_type.clone();
        s.push(' ');
        s.push_str(&self.access_token);
        s
    }

    /// A copy of the received object with `version`, `expires_at` (as `at`) and, unless
    /// undefined, `user` written over it.
    fn to_object(&self, at: JsValue, user: JsValue) -> js_sys::Object {
        let o = js_sys::Object::assign(&js_sys::Object::new(), self.raw.unchecked_ref());
        let overlay = Overlay {
            version: self.version.as_deref(),
            expires_at: at,
            user,
        };
        js_sys::Object::assign(&o, reflect::to_js(&overlay).unchecked_ref())
    }

    /// The JSON the official SDK stores in `credentials_{clientId}`.
    pub(crate) fn to_storage_json(&self) -> String {
        let at = crate::platform::iso(self.expires_at).into();
        reflect::json_stringify(&self.to_object(at, JsValue::UNDEFINED))
    }

    /// The session object handed to JS: credentials with `expires_at` as a `Date`, plus `user`.
    pub(crate) fn session_js(&self, user: &JsValue) -> JsValue {
        let at = js_sys::Date::new(&JsValue::from_f64(self.expires_at));
        self.to_object(at.into(), user.clone()).into()
    }
}

/// The group ids of `[{id}]` (the official SDK's `groups.map(g => g.id ?? g)`; the
/// CloudBase profile sends objects).
fn ids<'de, D: Deserializer<'de>>(d: D) -> Result<Option<Vec<String>>, D::Error> {
    // A loop rather than `filter_map().collect()`: no iterator instance of its own.
    Ok(entries(d).map(|g| {
        let mut ids = Vec::new();
        for p in g {
            if let Some(id) = p.id {
                ids.push(id);
            }
        }
        ids
    }))
}

/// One linked identity provider in a `UserInfo`.
#[derive(Clone, Debug, Default, PartialEq, Deserialize)]
pub struct ProviderInfo {
    /// Provider id, e.g. `github`.
    pub id: Option<String>,
    /// The user's id at the provider.
    pub provider_user_id: Option<String>,
    /// The user's name at the provider.
    pub name: Option<String>,
}

/// The fields of `/auth/v1/user/me` (spec §7.1) that the package reads.
#[derive(Clone, Debug, Default, PartialEq, Deserialize)]
pub struct UserInfo {
    /// User id.
    pub sub: Option<String>,
    /// User id again (`uid = sub` when cached).
    pub uid: Option<String>,
    /// Display name (`anonymous` for anonymous users).
    pub name: Option<String>,
    /// Avatar URL.
    pub picture: Option<String>,
    /// Login name.
    pub username: Option<String>,
    /// Email address.
    pub email: Option<String>,
    /// Phone in wire form `+CC NNN`.
    pub phone_number: Option<String>,
    /// Gender.
    pub gender: Option<String>,
    /// Locale tag.
    pub locale: Option<String>,
    /// Creation time (ISO string).
    pub created_at: Option<String>,
    /// Last update (ISO string).
    pub updated_at: Option<String>,
    /// Last sign-in (ISO string).
    pub last_sign_in_at: Option<String>,
    /// Group ids.
    #[serde(default, deserialize_with = "ids")]
    pub groups: Option<Vec<String>>,
    /// Linked identity providers.
    #[serde(default, deserialize_with = "providers")]
    pub providers: Vec<ProviderInfo>,
    /// v2 leftovers the official SDK still reads.
    #[serde(rename = "loginType")]
    pub login_type: Option<String>,
    /// Nickname.
    #[serde(rename = "nickName")]
    pub nick_name: Option<String>,
    /// Avatar URL (v2 name).
    #[serde(rename = "avatarUrl")]
    pub avatar_url: Option<String>,
    /// v2 profile field, passed through to `user_metadata.location`.
    pub location: Option<String>,
    /// Whether a password is set.
    #[serde(rename = "hasPassword")]
    pub has_password: Option<bool>,
    /// The password.
    pub password: Option<String>,
    /// WeChat open id.
    pub open_id: Option<String>,
}

/// `providers`, `null` read as none.
fn providers<'de, D: Deserializer<'de>>(d: D) -> Result<Vec<ProviderInfo>, D::Error> {
    Ok(entries(d).unwrap_or_default())
}

/// A list of `{id, ...}` objects (`groups` and `providers` share this one reader). A list of
/// another shape is left out rather than making the whole profile unreadable.
fn entries<'de, D: Deserializer<'de>>(d: D) -> Option<Vec<ProviderInfo>> {
    Option::<Vec<ProviderInfo>>::deserialize(d).ok().flatten()
}

impl UserInfo {
    /// Reads the profile object (all `None` when it does not have the profile's types).
    // Out of line: inlined into `auth::user_of`, the fields are moved once more (-27 B gzip,
    // `make size`). Boxed: the user takes the fields from the heap one by one rather than
    // from a 244-byte value moved through the call (-83 B gzip, `make size`).
    #[inline(never)]
    pub(crate) fn from_js(v: &JsValue) -> Box<UserInfo> {
        Box::new(reflect::read(v).unwrap_or_default())
    }
}

/// `user.app_metadata`.
#[derive(Clone, Debug, Default, PartialEq, Serialize)]
pub struct AppMetadata {
    /// The provider id.
    pub provider: String,
    /// Linked identity providers.
    pub providers: Vec<String>,
}

/// `user.user_metadata`.
#[derive(Clone, Debug, Default, PartialEq, Serialize)]
pub struct UserMetadata {
    /// Display name (`anonymous` for anonymous users).
    pub name: Option<String>,
    /// Avatar URL.
    pub picture: Option<String>,
    /// Login name.
    pub username: Option<String>,
    /// Gender.
    pub gender: Option<String>,
    /// Locale tag.
    pub locale: Option<String>,
    /// User id again (`uid = sub` when cached).
    pub uid: Option<String>,
    /// Nickname.
    #[serde(rename = "nickName")]
    pub nick_name: Option<String>,
    /// Avatar URL (v2 name).
    #[serde(rename = "avatarUrl")]
    pub avatar_url: Option<String>,
    /// v2 location.
    pub location: Option<String>,
    /// Whether a password is set.
    #[serde(rename = "hasPassword")]
    pub has_password: bool,
    /// WeChat open id.
    pub open_id: Option<String>,
}

/// `identity.identity_data`.
#[derive(Clone, Debug, Default, PartialEq, Serialize)]
pub struct IdentityData {
    /// Provider id.
    pub provider_id: Option<String>,
    /// The user's id at the provider.
    pub provider_user_id: Option<String>,
    /// Display name (`anonymous` for anonymous users).
    pub name: Option<String>,
}

/// One entry of `user.identities`.
#[derive(Clone, Debug, Default, PartialEq, Serialize)]
pub struct Identity {
    /// Id.
    pub id: String,
    /// Provider id again.
    pub identity_id: String,
    /// The user id.
    pub user_id: String,
    /// Details from the provider.
    pub identity_data: IdentityData,
    /// The provider id.
    pub provider: String,
    /// Creation time (ISO string).
    pub created_at: Option<String>,
    /// Last update (ISO string).
    pub updated_at: Option<String>,
    /// Last sign-in (ISO string).
    pub last_sign_in_at: Option<String>,
}

/// The caller-facing user (spec §7.2, the official SDK's `convertToUser`): its [`UserFields`]
/// boxed, read through `Deref` (see `boxed.rs`); it serializes as its fields.
#[derive(Clone, Debug, Default, PartialEq, Serialize)]
#[serde(transparent)]
pub struct User(Box<UserFields>);

boxed_fields!(User, UserFields);

/// The fields of a [`User`].
#[derive(Clone, Debug, Default, PartialEq, Serialize)]
pub struct UserFields {
    /// Id.
    pub id: String,
    /// Always `authenticated`.
    pub aud: String,
    /// Group ids (`role` is a list, as in the official SDK).
    pub role: Option<Vec<String>>,
    /// Email address.
    pub email: String,
    /// Creation time when there is an email.
    pub email_confirmed_at: Option<String>,
    /// Phone number (normalised before sending).
    pub phone: String,
    /// Creation time when there is a phone.
    pub phone_confirmed_at: Option<String>,
    /// Creation time.
    pub confirmed_at: Option<String>,
    /// Last sign-in (ISO string).
    pub last_sign_in_at: Option<String>,
    /// Provider data.
    pub app_metadata: AppMetadata,
    /// Profile data.
    pub user_metadata: UserMetadata,
    /// Linked identities.
    pub identities: Vec<Identity>,
    /// Creation time (ISO string).
    pub created_at: Option<String>,
    /// Last update (ISO string).
    pub updated_at: Option<String>,
    /// True when the profile name is exactly `anonymous`.
    pub is_anonymous: bool,
}

impl From<&UserInfo> for User {
    fn from(u: &UserInfo) -> User {
        User::from(u.clone())
    }
}

/// By value: the profile's strings move into the user, only the shared ones are cloned
/// (-144 B gzip against cloning each, `make size`).
impl From<UserInfo> for User {
    fn from(u: UserInfo) -> User {
        let id = u.sub.or_else(|| u.uid.clone()).unwrap_or_default();
        let phone = u.phone_number.unwrap_or_default();
        let provider = u
            .login_type
            .as_deref()
            .map_or_else(|| "cloudbase".into(), str::to_ascii_lowercase);
        let mut identities = Vec::with_capacity(u.providers.len());
        for p in u.providers {
            let pid = p.id.clone().unwrap_or_default();
            identities.push(Identity {
                id: pid.clone(),
                identity_id: pid,
                user_id: id.clone(),
                provider: p.id.as_deref().unwrap_or("cloudbase").into(),
                identity_data: IdentityData {
                    provider_id: p.id,
                    provider_user_id: p.provider_user_id,
                    name: p.name,
                },
                created_at: u.created_at.clone(),
                updated_at: u.updated_at.clone(),
                last_sign_in_at: u.last_sign_in_at.clone(),
            });
        }
        let has_password = u
            .has_password
            .unwrap_or(u.password.as_deref() == Some("SET"));
        let is_anonymous = u.name.as_deref() == Some("anonymous");
        User(Box::new(UserFields {
            aud: "authenticated".into(),
            role: u.groups,
            email: u.email.unwrap_or_default(),
            email_confirmed_at: u.created_at.clone(),
            phone_confirmed_at: if phone.is_empty() {
                None
            } else {
                u.created_at.clone()
            },
            phone,
            confirmed_at: u.created_at.clone(),
            last_sign_in_at: u.last_sign_in_at,
            app_metadata: AppMetadata {
                providers: vec![provider.clone()],
                provider,
            },
            user_metadata: UserMetadata {
                nick_name: u.nick_name.or_else(|| u.name.clone()),
                avatar_url: u.avatar_url.or_else(|| u.picture.clone()),
                name: u.name,
                picture: u.picture,
                username: u.username,
                gender: u.gender,
                locale: u.locale,
                uid: u.uid,
                location: u.location,
                has_password,
                open_id: u.open_id,
            },
            identities,
            created_at: u.created_at,
            updated_at: u.updated_at,
            is_anonymous,
            id,
        }))
    }
}

/// A signed-in session (spec §7.3): the credentials plus the cached user.
#[derive(Clone, Debug)]
pub struct Session {
    /// The tokens.
    pub credentials: Credentials,
    /// The user from the profile cache.
    pub user: User,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn user_from_info() {
        let info = UserInfo {
            sub: Some("u1".into()),
            uid: Some("u1".into()),
            name: Some("anonymous".into()),
            phone_number: Some("+86 13800138000".into()),
            created_at: Some("2026-01-01T00:00:00Z".into()),
            groups: Some(vec!["user".into()]),
            providers: vec![ProviderInfo {
                id: Some("github".into()),
                provider_user_id: Some("42".into()),
                name: None,
            }],
            ..Default::default()
        };
        let u = User::from(&info);
        assert_eq!(u.id, "u1");
        assert_eq!(u.aud, "authenticated");
        assert!(u.is_anonymous);
        assert_eq!(u.email, "");
        assert_eq!(u.phone, "+86 13800138000");
        assert_eq!(
            u.phone_confirmed_at.as_deref(),
            Some("2026-01-01T00:00:00Z")
        );
        assert_eq!(u.role, Some(vec!["user".to_string()]));
        assert_eq!(u.app_metadata.provider, "cloudbase");
        assert_eq!(u.user_metadata.nick_name.as_deref(), Some("anonymous"));
        assert_eq!(u.identities[0].provider, "github");
        assert_eq!(u.identities[0].user_id, "u1");
    }

    #[test]
    fn empty_profile_gives_empty_strings() {
        let u = User::from(&UserInfo::default());
        assert_eq!(u.id, "");
        assert_eq!(u.email, "");
        assert!(!u.is_anonymous);
        assert_eq!(u.phone_confirmed_at, None);
    }

    // The derived impls are format-independent: serde_json checks their field names here; in
    // the browser serde-wasm-bindgen drives the same impls (tests/browser*.rs, tests/page).
    #[test]
    fn user_info_reads_the_profile_fields() {
        let info: UserInfo = serde_json::from_str(
            r#"{"sub":"u1","name":"Ann","loginType":"EMAIL","nickName":"ann","avatarUrl":"a.png",
                "hasPassword":true,"groups":[{"id":"admin"},{"id":"user"}],"providers":null,
                "unknown_field":{"kept":"in storage, ignored here"}}"#,
        )
        .unwrap();
        assert_eq!(info.sub.as_deref(), Some("u1"));
        assert_eq!(info.login_type.as_deref(), Some("EMAIL"));
        assert_eq!(info.nick_name.as_deref(), Some("ann"));
        assert_eq!(info.avatar_url.as_deref(), Some("a.png"));
        assert_eq!(info.has_password, Some(true));
        assert_eq!(info.groups, Some(vec!["admin".into(), "user".into()]));
        assert!(info.providers.is_empty());
        let providers: UserInfo =
            serde_json::from_str(r#"{"providers":[{"id":"github","provider_user_id":"42"}]}"#)
                .unwrap();
        assert_eq!(
            providers.providers[0].provider_user_id.as_deref(),
            Some("42")
        );
    }

    #[test]
    fn a_list_of_another_shape_is_left_out() {
        let info: UserInfo =
            serde_json::from_str(r#"{"sub":"u1","groups":["admin"],"providers":[1]}"#).unwrap();
        assert_eq!(info.sub.as_deref(), Some("u1"));
        assert_eq!(info.groups, None);
        assert!(info.providers.is_empty());
        let groups: UserInfo =
            serde_json::from_str(r#"{"groups":[{"id":"a","expires_at":"2030"},{}]}"#).unwrap();
        assert_eq!(groups.groups, Some(vec!["a".into()]));
    }

    #[test]
    fn user_serializes_with_the_official_field_names() {
        let info = UserInfo {
            sub: Some("u1".into()),
            name: Some("Ann".into()),
            login_type: Some("EMAIL".into()),
            ..Default::default()
        };
        // Struct fields serialize in declaration order: the official SDK's key order.
        let json = serde_json::to_string(&User::from(&info)).unwrap();
        assert!(json.starts_with(
            r#"{"id":"u1","aud":"authenticated","role":null,"email":"","email_confirmed_at":null,"phone":"","#
        ));
        assert!(json.contains(
            r#""user_metadata":{"name":"Ann","picture":null,"username":null,"gender":null,"locale":null,"uid":null,"nickName":"Ann","avatarUrl":null,"location":null,"hasPassword":false,"open_id":null},"identities":[],"#
        ));
        assert!(json.ends_with(r#""is_anonymous":false}"#));
        let v: serde_json::Value = serde_json::from_str(&json).unwrap();
        assert_eq!(v["app_metadata"]["provider"], "email");
        assert_eq!(v["app_metadata"]["providers"][0], "email");
    }
}
