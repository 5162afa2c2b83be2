package io.neurectomy.console.architecture;

import static org.assertj.core.api.Assertions.assertThat;

import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import io.neurectomy.console.cli.ConfigApplyCommand;
import io.neurectomy.console.cli.ReloadCommand;
import io.neurectomy.console.core.config.ConfigHistory;
import io.neurectomy.console.core.config.ConfigService;
import io.neurectomy.console.core.config.ConfigStore;
import io.neurectomy.console.core.config.ReloadTransaction;
import io.neurectomy.console.core.ops.RolloutRestart;
import io.neurectomy.console.ui.config.ConfigEditorModel;
import io.neurectomy.console.ui.shell.ShellViewModel;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The command line and the window apply, reload and restart through the one {@link ConfigService}: neither builds
 * its own transaction or writes the history itself, so the two faces cannot drift apart again.
 */
class OneConfigServiceTest {
    private static JavaClasses classes;

    @BeforeAll
    static void load() {
        classes = new ClassFileImporter().withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                .importPackages("io.neurectomy.console.cli", "io.neurectomy.console.ui");
    }

    /** The methods of ConfigService that {@code type} (with its nested and lambda code) calls. */
    private static Set<String> configServiceCalls(Class<?> type) {
        JavaClass owner = classes.get(type);
        return classes.stream().filter(c -> c.equals(owner) || c.getName().startsWith(owner.getName() + "$"))
                .flatMap(c -> c.getMethodCallsFromSelf().stream())
                .filter(call -> call.getTargetOwner().isEquivalentTo(ConfigService.class))
                .map(call -> call.getName()).collect(Collectors.toSet());
    }

    @Test
    void theCommandsAndTheEditorsRunTheOperationsOfTheSameConfigService() {
        assertThat(configServiceCalls(ConfigApplyCommand.class)).contains("of", "read", "apply");
        assertThat(configServiceCalls(ReloadCommand.class)).contains("of", "reload", "restart");
        assertThat(configServiceCalls(ShellViewModel.class)).contains("of");
        assertThat(configServiceCalls(ConfigEditorModel.class)).contains("read", "apply", "reload", "restart",
                "history");
    }

    @Test
    void neitherFaceBuildsItsOwnTransactionNorWritesTheHistory() {
        for (JavaClass c : classes) {
            assertThat(c.getDirectDependenciesFromSelf()).as(c.getName())
                    .noneMatch(d -> d.getTargetClass().isEquivalentTo(ReloadTransaction.class)
                            || d.getTargetClass().isEquivalentTo(ConfigStore.class));
            assertThat(c.getMethodCallsFromSelf()).as(c.getName())
                    .noneMatch(call -> call.getTargetOwner().isEquivalentTo(ConfigHistory.class)
                            && call.getName().equals("record"));
            assertThat(c.getConstructorCallsFromSelf()).as(c.getName())
                    .noneMatch(call -> call.getTargetOwner().isEquivalentTo(RolloutRestart.class));
        }
    }
}
