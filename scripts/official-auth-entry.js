// What an app pulls in to use auth with the official SDK: the app core plus the auth module.
// Bundled and minified by scripts/size.sh to compare sizes with ours in the same run.
import cloudbase from '@cloudbase/js-sdk/app';
import { registerAuth } from '@cloudbase/js-sdk/auth';

registerAuth(cloudbase);
export default cloudbase;
