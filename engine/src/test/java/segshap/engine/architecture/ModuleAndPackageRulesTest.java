package segshap.engine.architecture;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

/**
 * The dependency rules of docs/architecture.md, checked on the compiled main classes of every module so they
 * cannot drift: modules point one way, packages have no cycles, the demo and the CLI sit on top, and only the
 * device registry and the command line build backends.
 */
class ModuleAndPackageRulesTest {
    static final JavaClasses MAIN = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .withImportOption(location -> !location.contains("-tests.jar")) // kernels' test-jar: fakes and references
            .importPackages("segshap");

    @Test
    void kernelsDependOnlyOnTheJdkAndJackson() {
        classes().that().resideInAPackage("segshap.kernels..")
                .should().onlyDependOnClassesThat().resideInAnyPackage("segshap.kernels..", "java..", "com.fasterxml.jackson..")
                .because("kernels travel alone to a GPU host: no Pekko, no Chronicle, no HTTP, no engine")
                .check(MAIN);
    }

    @Test
    void protocolDependsOnlyOnTheJdkAndJackson() {
        classes().that().resideInAPackage("segshap.protocol..")
                .should().onlyDependOnClassesThat().resideInAnyPackage("segshap.protocol..", "java..", "com.fasterxml.jackson..")
                .check(MAIN);
    }

    @Test
    void packagesHaveNoCycles() {
        slices().matching("segshap.(*).(*)..").should().beFreeOfCycles().check(MAIN);
    }

    @Test
    void nothingBelowTheCommandLineDependsOnTheDemoOrTheCommandLine() {
        noClasses().that().resideInAPackage("segshap.engine..").and().resideOutsideOfPackages("segshap.engine.cli..", "segshap.engine.demo..")
                .should().dependOnClassesThat().resideInAnyPackage("segshap.engine.demo..", "segshap.engine.cli..")
                .check(MAIN);
    }

    @Test
    void thePipelineKnowsNothingOfJobsFilesOrTheCommandLine() {
        noClasses().that().resideInAPackage("segshap.engine.pipeline..")
                .should().dependOnClassesThat().resideInAnyPackage("segshap.engine.explain..", "segshap.engine.cli..",
                        "segshap.kernels.nifti..", "segshap.kernels.cpu..")
                .check(MAIN);
    }

    @Test
    void theViewerKnowsNoEngineTypesOnlyHttp() {
        classes().that().resideInAPackage("segshap.engine.viewer..")
                .should().onlyDependOnClassesThat().resideInAnyPackage("segshap.engine.viewer..", "java..",
                        "org.apache.pekko.http..", "org.apache.pekko.japi..", "scala..")
                .because("the page reads jobs from the API in the browser; the routes serve files and check the token")
                .check(MAIN);
    }

    @Test
    void onlyTheDeviceRegistryAndTheCallersBuildCpuBackends() {
        noClasses().that().resideInAPackage("segshap.engine..")
                .and().resideOutsideOfPackages("segshap.engine.device..", "segshap.engine.cli..")
                .should().dependOnClassesThat().resideInAPackage("segshap.kernels.cpu..")
                .because("the caller chooses and injects the backend; nothing deep inside builds one")
                .check(MAIN);
        noClasses().that().resideInAPackage("segshap.kernels.predict..")
                .should().dependOnClassesThat().resideInAPackage("segshap.kernels.cpu..")
                .because("NnunetPredictor takes its backend from outside, so a CUDA backend plugs in without editing it")
                .check(MAIN);
    }

    @Test
    void onlyTheCommandLineUsesTheDaemonAndTheClient() {
        noClasses().that().resideInAPackage("segshap..")
                .and().resideOutsideOfPackages("segshap.engine.cli..", "segshap.engine.daemon..", "segshap.engine.client..")
                .should().dependOnClassesThat().resideInAnyPackage("segshap.engine.daemon..", "segshap.engine.client..")
                .because("the daemon and its client sit on top of the engine, beside the CLI")
                .check(MAIN);
        noClasses().that().resideInAPackage("segshap.engine.daemon..")
                .should().dependOnClassesThat().resideInAPackage("segshap.engine.client..")
                .check(MAIN);
    }

    @Test
    void theClientNeedsOnlyTheProtocolAndTheJdk() {
        classes().that().resideInAPackage("segshap.engine.client..")
                .should().onlyDependOnClassesThat().resideInAnyPackage("segshap.engine.client..", "segshap.protocol..", "java..")
                .because("a research pipeline can talk to a daemon without the engine, Pekko or Chronicle")
                .check(MAIN);
    }
}
