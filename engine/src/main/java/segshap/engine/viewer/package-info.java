/**
 * The browser viewer of a job: one static page (NiiVue for the CT and the φ overlay in three linked views, the
 * unit table, the MoRF/LeRF curves, live progress) served by {@link segshap.engine.viewer.ViewerRoutes} from
 * classpath resources under {@code segshap/viewer/}. The page reads everything it shows from the server's job
 * API in the browser, so this package knows no jobs, files or engine types; it only serves files and checks the
 * token. NiiVue is committed as its UMD bundle ({@code assets/niivue/}, refreshed by {@code tools/refresh_niivue.sh})
 * because Maven Central serves no WebJar of it, and the server needs no network at run time.
 */
package segshap.engine.viewer;
