//! JS bindings of the OAuth, identity, tools and captcha parts (spec §6, §2.4, §2.7, §3.4).

use std::rc::Weak;

use js_sys::{Function, Promise};
use wasm_bindgen::prelude::*;
use wasm_bindgen_futures::JsFuture;

use super::args::{self, Kind::Str, Need};
use super::grouped::{self, DataCall, EmptyCall, SessionCall, VERIFY_KEYS};
use super::AuthCore;
use super::{bad_argument, error_to_js, optional_object, result};
use crate::auth::{
    Auth, CaptchaAnswer, CaptchaChallenge, CaptchaHandler, CaptchaToken, DefaultLoginPage,
};
use crate::error::{codes, AuthError};
use crate::events::Events;
use crate::oauth::OAuthOptions;
use crate::platform::{self, BoxFuture};
use crate::reflect::{self, get, get_bool, get_str, set};

#[wasm_bindgen(inline_js = r#"
export function captchaModal(image) {
  return new Promise((resolve) => {
    if (typeof document === 'undefined' || !document.body || typeof HTMLDialogElement === 'undefined') return resolve(null);
    const d = document.createElement('dialog');
    d.setAttribute('aria-labelledby', 'cb-captcha-title');
    d.innerHTML = '<form method="dialog"><p id="cb-captcha-title">Enter the characters shown in the image</p>'
      + '<img alt="Captcha: an image of characters to type"><p><label for="cb-captcha-input">Characters</label> '
      + '<input id="cb-captcha-input" required autocomplete="off" autocapitalize="off" spellcheck="false"></p>'
      + '<button value="ok">Submit</button> <button type="button">Cancel</button></form>';
    d.querySelector('img').src = image;
    const input = d.querySelector('input');
    d.querySelector('button[type=button]').onclick = () => d.close('');
    d.addEventListener('close', () => { const v = d.returnValue === 'ok' ? input.value.trim() : ''; d.remove(); resolve(v || null); });
    document.body.appendChild(d);
    d.showModal();
    input.focus();
  });
}
"#)]
extern "C" {
    /// The built-in accessible captcha dialog: resolves to the text typed, or `null`.
    #[wasm_bindgen(js_name = captchaModal)]
    fn captcha_modal(image: &str) -> Promise;
}

/// `"{what} failed: {message}"` for a JS function that threw or rejected.
pub(super) fn failure(what: &str, e: &JsValue) -> String {
    let mut m = String::from(what);
    m.push_str(" failed: ");
    m.push_str(&args::or_empty(
        get_str(e, "message").or_else(|| e.as_string()),
    ));
    m
}

/// Who answers a captcha, from the init options.
#[derive(Clone)]
enum Solver {
    /// `auth.captcha({image, token, state})`: resolves to the text read.
    Answer(Function),
    /// The official `captchaOptions.openURIWithCallback(url)`: resolves to a captcha token.
    OpenUri(Function),
    /// The built-in dialog.
    Dialog,
}

/// `f(arg)` as a promise (rejected when `f` throws).
fn invoke(f: &Function, arg: &JsValue) -> Promise {
    match f.call1(&JsValue::NULL, arg) {
        Ok(v) => Promise::resolve(&v),
        Err(e) => Promise::reject(&e),
    }
}

/// The answer of `solver` to the challenge `c`. One future for the three solvers (not one
/// each: 313 B gzip less, `make size`).
async fn solve(solver: Solver, c: CaptchaChallenge) -> Result<Option<CaptchaAnswer>, AuthError> {
    let (answer, what) = match &solver {
        Solver::Answer(f) => {
            let arg = reflect::object();
            set(&arg, "image", c.image);
            set(&arg, "token", c.token);
            set(&arg, "state", c.state);
            (invoke(f, &arg), "the captcha handler")
        }
        Solver::OpenUri(f) => {
            let mut url = c.image;
            url.push_str("?state=");
            url.push_str(&platform::encode_uri_component(&c.state));
            url.push_str("&token=");
            url.push_str(&platform::encode_uri_component(&c.token));
            (invoke(f, &JsValue::from_str(&url)), "the captcha handler")
        }
        Solver::Dialog => (captcha_modal(&c.image), "the captcha dialog"),
    };
    let v = JsFuture::from(answer)
        .await
        .map_err(|e| AuthError::new(codes::CAPTCHA_REQUIRED, failure(what, &e)))?;
    Ok(match solver {
        Solver::OpenUri(_) => CaptchaToken::from_js(&v).map(CaptchaAnswer::Token),
        _ => v.as_string().map(CaptchaAnswer::Text),
    })
}

/// The `captchaOptions.openURIWithCallback` function of an options object, if any.
fn open_uri(options: &JsValue) -> Option<Function> {
    get(&get(options, "captchaOptions"), "openURIWithCallback")
        .dyn_into()
        .ok()
}

/// The captcha handler of the init options: `auth.captcha` (an answer function), else
/// the official `captchaOptions.openURIWithCallback` (in `auth` or at the top level),
/// else the built-in dialog.
fn captcha_handler(config: &JsValue, auth_cfg: &JsValue) -> CaptchaHandler {
    let solver = match get(auth_cfg, "captcha").dyn_into::<Function>() {
        Ok(f) => Solver::Answer(f),
        Err(_) => match open_uri(auth_cfg).or_else(|| open_uri(config)) {
            Some(f) => Solver::OpenUri(f),
            None => Solver::Dialog,
        },
    };
    std::rc::Rc::new(move |c: CaptchaChallenge| Box::pin(solve(solver.clone(), c)) as BoxFuture<_>)
}

/// Applies the init options this part reads (`auth_cfg` is `config.auth`): the captcha handler
/// and `auth.detectSessionInUrl` (starts the URL detection).
pub(super) fn configure(auth: Auth, config: &JsValue, auth_cfg: &JsValue) -> Auth {
    auth.set_captcha_handler(Some(captcha_handler(config, auth_cfg)));
    if get_bool(auth_cfg, "detectSessionInUrl") == Some(true) {
        auth.detect_session_in_url();
    }
    auth
}

/// The third `onAuthStateChange` argument: `{type, provider?, error}` or `undefined`.
pub(super) fn event_info_js(events: &Weak<Events>) -> JsValue {
    let Some(info) = events.upgrade().and_then(|e| e.info()) else {
        return JsValue::UNDEFINED;
    };
    let o = reflect::object();
    set(&o, "type", info.kind);
    if let Some(p) = &info.provider {
        set(&o, "provider", p.as_str());
    }
    set(
        &o,
        "error",
        info.error.as_ref().map_or(JsValue::NULL, error_to_js),
    );
    o
}

/// `options` of signInWithOAuth / linkIdentity.
fn oauth_options(params: &JsValue) -> OAuthOptions {
    let o = get(params, "options");
    let query_params = args::pairs(&get(&o, "queryParams"), &[], true);
    OAuthOptions {
        redirect_to: crate::pure::non_empty(get_str(&o, "redirectTo")),
        skip_browser_redirect: get(&o, "skipBrowserRedirect").is_truthy(),
        state: get_str(&o, "state"),
        query_params,
        kind: crate::pure::non_empty(get_str(&o, "type")),
    }
}

impl AuthCore {
    /// `signInWithOAuth({provider, options?:{redirectTo, skipBrowserRedirect, state,
    /// queryParams, type}})` → `{data:{url, provider}, error}`.
    pub(super) fn sign_in_with_oauth(&self, params: &JsValue) -> Promise {
        self.start_oauth(params, false)
    }

    /// `linkIdentity({provider, options?})` → `{data:{provider, url}, error}`; starts a
    /// `bind_identity` redirect for the signed-in user. Errors are returned.
    pub(super) fn link_identity(&self, params: &JsValue) -> Promise {
        self.start_oauth(params, true)
    }

    fn start_oauth(&self, params: &JsValue, bind: bool) -> Promise {
        let keys = grouped::oauth_keys(bind);
        let provider = match args::parse(params, Need::Object, keys, &["provider"], &[Str]) {
            Ok([p, ..]) => p.str(),
            Err(p) => return p,
        };
        let Some(provider) = crate::pure::non_empty(provider) else {
            return bad_argument(keys, "provider is required");
        };
        let call = DataCall::OAuth(provider, oauth_options(params), bind);
        grouped::data(&self.auth, call)
    }

    /// `verifyOAuth({code?, state?, provider?}?)` →
    /// `{data:{type, provider, user, session, redirectUrl}, error}`.
    pub(super) fn verify_oauth(&self, params: &JsValue) -> Promise {
        let fields = &["code", "state", "provider"];
        let need = Need::ObjectOrNone;
        let (code, state, provider) =
            match args::parse(params, need, VERIFY_KEYS, fields, &[Str; 3]) {
                Ok([code, state, provider, ..]) => (code.str(), state.str(), provider.str()),
                Err(p) => return p,
            };
        grouped::data(&self.auth, DataCall::VerifyOAuth(code, state, provider))
    }

    /// `exchangeCodeForSession(code?)` → `{data:{session, user}, error}`: completes the
    /// current redirect (its `state` must have been issued by this tab).
    pub(super) fn exchange_code_for_session(&self, code: &JsValue) -> Promise {
        // Also accepts `{code}` / `{auth_code}` objects.
        let code = code
            .as_string()
            .or_else(|| get_str(code, "code"))
            .or_else(|| get_str(code, "auth_code"));
        grouped::session(&self.auth, SessionCall::ExchangeCode(code))
    }

    /// `getUserIdentities()` → `{data:{identities}, error}`.
    pub(super) fn get_user_identities(&self) -> Promise {
        grouped::data(&self.auth, DataCall::Identities)
    }

    /// `unlinkIdentity({provider})` → `{data:{}, error}`.
    pub(super) fn unlink_identity(&self, params: &JsValue) -> Promise {
        let provider = match args::parse(params, Need::Any, &[], &["provider"], &[Str]) {
            Ok([p, ..]) => p.str(),
            Err(p) => return p,
        };
        let Some(provider) = crate::pure::non_empty(provider) else {
            return bad_argument(&[], "provider is required");
        };
        grouped::empty(&self.auth, EmptyCall::UnlinkIdentity(provider))
    }

    /// `toDefaultLoginPage({config_version?, redirect_uri?, app_id?, query?})` →
    /// `{data:{}, error}`; navigates to the hosted login page (spec §2.7).
    pub(super) fn to_default_login_page(&self, params: &JsValue) -> Promise {
        if !optional_object(params) {
            return bad_argument(&[], "params must be an object");
        }
        let query = args::pairs(&get(params, "query"), &[], true);
        let p = DefaultLoginPage {
            config_version: get_str(params, "config_version"),
            redirect_uri: get_str(params, "redirect_uri"),
            app_id: get_str(params, "app_id"),
            query,
        };
        let r = self.auth.to_default_login_page(&p);
        Promise::resolve(&result(reflect::object(), r.err().as_ref()))
    }
}
