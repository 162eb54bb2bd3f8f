//! Wire types (`Credentials`, `UserInfo`) and caller types (`User`, `Session`), spec §7.
//!
//! Conversions to and from JS objects are written by hand over `Reflect` rather than
//! with serde: it keeps the wasm small and lets unknown server fields pass through
//! untouched into storage, as the official SDK does.

use crate::platform;
use wasm_bindgen::JsValue;

use crate::reflect::{self, get, get_bool, get_f64, get_str, set, set_or_undef};

/// Stored OAuth credentials (a TokenResponse plus `expires_at` and `version`).
#[derive(Clone, Debug)]
pub struct Credentials {
    /// Usually `Bearer`; copied verbatim into `Authorization`.
    pub token_type: String,
    /// The access token (JWT).
    pub access_token: String,
    /// The refresh token, when the server issued one.
    pub refresh_token: Option<String>,
    /// Lifetime in seconds as sent by the server.
    pub expires_in: f64,
    /// Local expiry, ms since the epoch (30 s before the server's).
    pub expires_at: f64,
    /// `user`, `anonymous`, ...
    pub scope: Option<String>,
    /// The user id.
    pub sub: Option<String>,
    /// Group ids.
    pub groups: Option<Vec<String>>,
    /// `v1` after password sign-in and refresh (protocol version for `/token`).
    pub version: Option<String>,
    /// The object as received or stored, so unknown fields survive a round trip.
    pub(crate) raw: JsValue,
}

impl Credentials {
    /// Reads a TokenResponse or a stored credentials object. `None` when it has no
    /// access token or no positive `expires_in` (the SDK treats those as "no session").
    pub(crate) fn from_js(v: &JsValue, now_ms: f64) -> Option<Credentials> {
        let access_token = get_str(v, "access_token").filter(|s| !s.is_empty())?;
        let expires_in = get_f64(v, "expires_in").filter(|n| *n > 0.0)?;
        let at = get(v, "expires_at");
        let expires_at = match at.as_string() {
            Some(s) => js_sys::Date::parse(&s),
            None => at
                .as_f64()
                .unwrap_or_else(|| crate::pure::expires_at_ms(now_ms, expires_in)),
        };
        // An unparseable date counts as expired rather than as valid forever.
        let expires_at = if expires_at.is_nan() { 0.0 } else { expires_at };
        Some(Credentials {
            token_type: get_str(v, "token_type").unwrap_or_else(|| "Bearer".into()),
            access_token,
            refresh_token: get_str(v, "refresh_token"),
            expires_in,
            expires_at,
            scope: get_str(v, "scope"),
            sub: get_str(v, "sub"),
            groups: reflect::string_list(&get(v, "groups")),
            version: get_str(v, "version"),
            raw: v.clone(),
        })
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

    /// A copy of the raw object with `version` and `expires_at` (as `at`) set.
    fn to_object(&self, at: JsValue) -> JsValue {
        let o = reflect::object();
        let _ = js_sys::Object::assign(&o.clone().into(), &self.raw.clone().into());
        if let Some(v) = &self.version {
            set(&o, "version", v.as_str());
        }
        set(&o, "expires_at", at);
        o
    }

    /// The JSON the official SDK stores in `credentials_{clientId}`.
    pub(crate) fn to_storage_json(&self) -> String {
        reflect::json_stringify(&self.to_object(JsValue::from_str(&platform::iso(self.expires_at))))
    }

    /// The session object handed to JS: credentials with `expires_at` as a `Date`, plus `user`.
    pub(crate) fn session_js(&self, user: &JsValue) -> JsValue {
        let o = self.to_object(js_sys::Date::new(&JsValue::from_f64(self.expires_at)).into());
        set(&o, "user", user.clone());
        o
    }
}

/// One linked identity provider in a `UserInfo`.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct ProviderInfo {
    /// Provider id, e.g. `github`.
    pub id: Option<String>,
    /// The user's id at the provider.
    pub provider_user_id: Option<String>,
    /// The user's name at the provider.
    pub name: Option<String>,
}

/// The fields of `/auth/v1/user/me` (spec §7.1) that the package reads.
#[derive(Clone, Debug, Default, PartialEq)]
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
    pub groups: Option<Vec<String>>,
    /// Linked identity providers.
    pub providers: Vec<ProviderInfo>,
    /// v2 leftovers the official SDK still reads.
    pub login_type: Option<String>,
    /// Nickname.
    pub nick_name: Option<String>,
    /// Avatar URL (v2 name).
    pub avatar_url: Option<String>,
    /// v2 profile field, passed through to `user_metadata.location`.
    pub location: Option<String>,
    /// Whether a password is set.
    pub has_password: Option<bool>,
    /// The password.
    pub password: Option<String>,
    /// WeChat open id.
    pub open_id: Option<String>,
}

impl UserInfo {
    /// Reads the profile object (missing or mistyped fields become `None`).
    pub(crate) fn from_js(v: &JsValue) -> UserInfo {
        let providers = get(v, "providers");
        let providers = if js_sys::Array::is_array(&providers) {
            js_sys::Array::from(&providers)
                .iter()
                .map(|p| ProviderInfo {
                    id: get_str(&p, "id"),
                    provider_user_id: get_str(&p, "provider_user_id"),
                    name: get_str(&p, "name"),
                })
                .collect()
        } else {
            Vec::new()
        };
        UserInfo {
            sub: get_str(v, "sub"),
            uid: get_str(v, "uid"),
            name: get_str(v, "name"),
            picture: get_str(v, "picture"),
            username: get_str(v, "username"),
            email: get_str(v, "email"),
            phone_number: get_str(v, "phone_number"),
            gender: get_str(v, "gender"),
            locale: get_str(v, "locale"),
            created_at: get_str(v, "created_at"),
            updated_at: get_str(v, "updated_at"),
            last_sign_in_at: get_str(v, "last_sign_in_at"),
            groups: reflect::string_list(&get(v, "groups")),
            providers,
            login_type: get_str(v, "loginType"),
            nick_name: get_str(v, "nickName"),
            avatar_url: get_str(v, "avatarUrl"),
            location: get_str(v, "location"),
            has_password: get_bool(v, "hasPassword"),
            password: get_str(v, "password"),
            open_id: get_str(v, "open_id"),
        }
    }
}

/// `user.app_metadata`.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct AppMetadata {
    /// The provider id.
    pub provider: String,
    /// Linked identity providers.
    pub providers: Vec<String>,
}

/// `user.user_metadata`.
#[derive(Clone, Debug, Default, PartialEq)]
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
    pub nick_name: Option<String>,
    /// Avatar URL (v2 name).
    pub avatar_url: Option<String>,
    /// v2 location.
    pub location: Option<String>,
    /// Whether a password is set.
    pub has_password: bool,
    /// WeChat open id.
    pub open_id: Option<String>,
}

/// `identity.identity_data`.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct IdentityData {
    /// Provider id.
    pub provider_id: Option<String>,
    /// The user's id at the provider.
    pub provider_user_id: Option<String>,
    /// Display name (`anonymous` for anonymous users).
    pub name: Option<String>,
}

/// One entry of `user.identities`.
#[derive(Clone, Debug, Default, PartialEq)]
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

/// The caller-facing user (spec §7.2, the official SDK's `convertToUser`).
#[derive(Clone, Debug, Default, PartialEq)]
pub struct User {
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
        let id = u.sub.clone().or_else(|| u.uid.clone()).unwrap_or_default();
        let phone = u.phone_number.clone().unwrap_or_default();
        let provider = u
            .login_type
            .as_deref()
            .map_or_else(|| "cloudbase".into(), str::to_ascii_lowercase);
        let identities = u
            .providers
            .iter()
            .map(|p| Identity {
                id: p.id.clone().unwrap_or_default(),
                identity_id: p.id.clone().unwrap_or_default(),
                user_id: id.clone(),
                identity_data: IdentityData {
                    provider_id: p.id.clone(),
                    provider_user_id: p.provider_user_id.clone(),
                    name: p.name.clone(),
                },
                provider: p.id.clone().unwrap_or_else(|| "cloudbase".into()),
                created_at: u.created_at.clone(),
                updated_at: u.updated_at.clone(),
                last_sign_in_at: u.last_sign_in_at.clone(),
            })
            .collect();
        User {
            aud: "authenticated".into(),
            role: u.groups.clone(),
            email: u.email.clone().unwrap_or_default(),
            email_confirmed_at: u.created_at.clone(),
            phone_confirmed_at: if phone.is_empty() {
                None
            } else {
                u.created_at.clone()
            },
            phone,
            confirmed_at: u.created_at.clone(),
            last_sign_in_at: u.last_sign_in_at.clone(),
            app_metadata: AppMetadata {
                providers: vec![provider.clone()],
                provider,
            },
            user_metadata: UserMetadata {
                name: u.name.clone(),
                picture: u.picture.clone(),
                username: u.username.clone(),
                gender: u.gender.clone(),
                locale: u.locale.clone(),
                uid: u.uid.clone(),
                nick_name: u.nick_name.clone().or_else(|| u.name.clone()),
                avatar_url: u.avatar_url.clone().or_else(|| u.picture.clone()),
                location: u.location.clone(),
                has_password: u
                    .has_password
                    .unwrap_or(u.password.as_deref() == Some("SET")),
                open_id: u.open_id.clone(),
            },
            identities,
            created_at: u.created_at.clone(),
            updated_at: u.updated_at.clone(),
            is_anonymous: u.name.as_deref() == Some("anonymous"),
            id,
        }
    }
}

fn str_array(v: &[String]) -> JsValue {
    v.iter()
        .map(|s| JsValue::from_str(s))
        .collect::<js_sys::Array>()
        .into()
}

impl User {
    /// The JS object with the official SDK's field names.
    pub(crate) fn to_js(&self) -> JsValue {
        let o = reflect::object();
        set(&o, "id", self.id.as_str());
        set(&o, "aud", self.aud.as_str());
        set(
            &o,
            "role",
            self.role.as_deref().map_or(JsValue::UNDEFINED, str_array),
        );
        set(&o, "email", self.email.as_str());
        set_or_undef(&o, "email_confirmed_at", &self.email_confirmed_at);
        set(&o, "phone", self.phone.as_str());
        set_or_undef(&o, "phone_confirmed_at", &self.phone_confirmed_at);
        set_or_undef(&o, "confirmed_at", &self.confirmed_at);
        set_or_undef(&o, "last_sign_in_at", &self.last_sign_in_at);
        let am = reflect::object();
        set(&am, "provider", self.app_metadata.provider.as_str());
        set(&am, "providers", str_array(&self.app_metadata.providers));
        set(&o, "app_metadata", am);
        let m = &self.user_metadata;
        let um = reflect::object();
        set_or_undef(&um, "name", &m.name);
        set_or_undef(&um, "picture", &m.picture);
        set_or_undef(&um, "username", &m.username);
        set_or_undef(&um, "gender", &m.gender);
        set_or_undef(&um, "locale", &m.locale);
        set_or_undef(&um, "uid", &m.uid);
        set_or_undef(&um, "nickName", &m.nick_name);
        set_or_undef(&um, "avatarUrl", &m.avatar_url);
        set_or_undef(&um, "location", &m.location);
        set(&um, "hasPassword", m.has_password);
        set_or_undef(&um, "open_id", &m.open_id);
        set(&o, "user_metadata", um);
        let ids = js_sys::Array::new();
        for i in &self.identities {
            let io = reflect::object();
            set(&io, "id", i.id.as_str());
            set(&io, "identity_id", i.identity_id.as_str());
            set(&io, "user_id", i.user_id.as_str());
            let d = reflect::object();
            set_or_undef(&d, "provider_id", &i.identity_data.provider_id);
            set_or_undef(&d, "provider_user_id", &i.identity_data.provider_user_id);
            set_or_undef(&d, "name", &i.identity_data.name);
            set(&io, "identity_data", d);
            set(&io, "provider", i.provider.as_str());
            set_or_undef(&io, "created_at", &i.created_at);
            set_or_undef(&io, "updated_at", &i.updated_at);
            set_or_undef(&io, "last_sign_in_at", &i.last_sign_in_at);
            ids.push(&io);
        }
        set(&o, "identities", ids);
        set_or_undef(&o, "created_at", &self.created_at);
        set_or_undef(&o, "updated_at", &self.updated_at);
        set(&o, "is_anonymous", self.is_anonymous);
        o
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

impl Session {
    /// The JS session object (`expires_at` is a `Date`).
    pub(crate) fn to_js(&self) -> JsValue {
        self.credentials.session_js(&self.user.to_js())
    }
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
}
