package io.stepwise.functions;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** What an environment sees of the host's files, decided without touching them (traversability is given). */
class MountPlanTest {
    static final Path ENV = Path.of("/srv/stepwise/data/envs/fn-1");
    static final Path DATA = Path.of("/srv/stepwise/data");
    static final Path HOME = Path.of("/root");
    static final Path TASK_ROOT = Path.of("/srv/stepwise/data/code/abc123");
    static final Path BOOTSTRAPS = Path.of("/srv/stepwise/data/runtime");
    static final Path PYENV = Path.of("/root/.pyenv/versions/3.11.7");

    static MountPlan plan(List<Path> hide, Path taskRoot, List<Path> needs, Set<Path> closed) {
        return MountPlan.of(ENV, hide, taskRoot, needs, dir -> !closed.contains(dir));
    }

    @Test
    void covers_tmp_the_data_folder_and_the_home_and_binds_back_only_what_the_runtime_needs() {
        MountPlan p = plan(List.of(DATA, HOME), TASK_ROOT, List.of(BOOTSTRAPS, PYENV, Path.of("/usr")), Set.of());

        assertThat(p.covers()).extracting(MountPlan.Cover::target).containsExactlyInAnyOrder(MountPlan.TMP, DATA, HOME);
        assertThat(p.covers()).filteredOn(c -> c.target().equals(DATA)).singleElement()
                .extracting(MountPlan.Cover::keep).isEqualTo(List.of(TASK_ROOT, BOOTSTRAPS));
        assertThat(p.covers()).filteredOn(c -> c.target().equals(HOME)).singleElement()
                .extracting(MountPlan.Cover::keep).isEqualTo(List.of(PYENV));
        assertThat(p.covers()).filteredOn(MountPlan.Cover::isTmp).singleElement().extracting(MountPlan.Cover::keep).isEqualTo(List.of());
        assertThat(p.readOnlyTaskRoot()).as("the task root comes back read-only through its cover").isEmpty();
    }

    @Test
    void the_cover_holding_the_environment_directory_is_moved_into_place_last() {
        MountPlan p = plan(List.of(DATA, HOME), TASK_ROOT, List.of(), Set.of());

        assertThat(p.covers().getLast().target()).isEqualTo(DATA);
    }

    @Test
    void a_data_folder_under_tmp_is_hidden_by_the_tmp_cover_and_its_paths_come_back_inside_it() {
        Path data = Path.of("/tmp/junit1/data");
        Path root = Path.of("/tmp/junit1/code");
        MountPlan p = MountPlan.of(data.resolve("envs/fn-1"), List.of(data, HOME), root, List.of(data.resolve("runtime")), dir -> true);

        assertThat(p.covers()).extracting(MountPlan.Cover::target).containsExactly(HOME, MountPlan.TMP);
        assertThat(p.covers().getLast().keep()).containsExactly(root, data.resolve("runtime"));
    }

    @Test
    void the_highest_directory_the_sandbox_user_cannot_pass_through_is_covered_so_needed_paths_stay_reachable() {
        Path jars = Path.of("/home/alice/.m2/repository/com/amazonaws/ric/2.6.0");
        MountPlan p = plan(List.of(DATA), TASK_ROOT, List.of(jars),
                Set.of(Path.of("/home/alice"), Path.of("/home/alice/.m2")));

        assertThat(p.covers()).extracting(MountPlan.Cover::target).contains(Path.of("/home/alice"))
                .doesNotContain(Path.of("/home/alice/.m2"));
        assertThat(p.covers()).filteredOn(c -> c.target().equals(Path.of("/home/alice"))).singleElement()
                .extracting(MountPlan.Cover::keep).isEqualTo(List.of(jars));
    }

    @Test
    void a_task_root_outside_every_cover_is_bound_read_only_onto_itself() {
        Path root = Path.of("/opt/functions/hello");

        MountPlan p = plan(List.of(DATA), root, List.of(BOOTSTRAPS), Set.of());

        assertThat(p.readOnlyTaskRoot()).contains(root);
        assertThat(p.covers()).flatExtracting(MountPlan.Cover::keep).containsExactly(BOOTSTRAPS);
    }

    @Test
    void a_path_inside_another_kept_path_comes_along_and_is_not_bound_twice() {
        MountPlan p = plan(List.of(HOME), TASK_ROOT, List.of(Path.of("/root/.pyenv"), PYENV), Set.of());

        assertThat(p.covers()).filteredOn(c -> c.target().equals(HOME)).singleElement()
                .extracting(MountPlan.Cover::keep).isEqualTo(List.of(Path.of("/root/.pyenv")));
    }
}
