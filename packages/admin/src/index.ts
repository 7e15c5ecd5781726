// The staff console's entry point (bundled to /admin/assets/admin.js): registers <courtyard-admin-app>.
import './app/admin-app.define.js';

export { CourtyardAdminApp } from './app/admin-app.component.js';
export { CourtyardAdminHome } from './home/home.component.js';
export { CourtyardAdminSignIn } from './sign-in/sign-in.component.js';
