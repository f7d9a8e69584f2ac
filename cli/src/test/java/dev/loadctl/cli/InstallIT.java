package dev.loadctl.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * make install into a temporary PREFIX: the launcher works from any folder and finds its profiles and the
 * server files profiles name; make uninstall takes it all away again. (Without /usr/bin/python3 the
 * server-files part is left out.)
 */
class InstallIT {

    @TempDir
    Path tmp;

    @Test
    void installsALauncherThatWorksFromAnyFolderAndUninstallsIt() throws Exception {
        Path prefix = tmp.resolve("prefix");
        Path share = prefix.resolve("share/loadctl");
        // -o build: this runs after package, so the jar is there; make must not start Maven inside Maven.
        ShellRun install = ShellRun.in(ShellRun.CHECKOUT, "make -o build install PREFIX=" + prefix);
        assertThat(install.exitCode()).as(install.toString()).isZero();
        assertThat(prefix.resolve("bin/loadctl")).isExecutable();
        assertThat(share.resolve("loadctl.jar")).isRegularFile();
        assertThat(share.resolve("profiles/default.yaml")).isRegularFile();
        assertThat(share.resolve("target-server/fastapi/app.py")).isRegularFile();
        assertThat(share.resolve("target-server/nginx/nginx.conf.template")).isRegularFile();
        assertThat(prefix.resolve("share/bash-completion/completions/loadctl")).content()
                .contains("complete -F _complete_loadctl");

        Path elsewhere = Files.createDirectories(tmp.resolve("elsewhere"));
        String loadctl = prefix.resolve("bin/loadctl").toString();
        ShellRun profiles = ShellRun.in(elsewhere, loadctl + " profiles");
        assertThat(profiles.exitCode()).as(profiles.toString()).isZero();
        assertThat(profiles.output()).containsPattern("(?m)^default +The original question")
                .containsPattern("(?m)^nginx-echo ")
                .contains("from " + elsewhere.resolve("profiles") + ", " + share.resolve("profiles") + ";");

        // The bundled server starts from the installed jar, and results land in the folder it runs in.
        ShellRun sweep = ShellRun.in(elsewhere, loadctl + " sweep --profile quick --threads 1 --connections 20"
                + " --duration 1s --warmup 0s --port " + LoadctlProcesses.freePort());
        assertThat(sweep.exitCode()).as(sweep.toString()).isZero();
        assertThat(goodputOf(elsewhere.resolve("reports/latest/result.json"))).isPositive();

        // A profile's {server_dir} is the installed share/loadctl/target-server: a server serves a file from it.
        if (Files.isExecutable(Path.of("/usr/bin/python3"))) {
            Files.writeString(elsewhere.resolve("files.yaml"), """
                    description: "a static file server over loadctl's installed server files"
                    sweep:
                      path: /nginx/nginx.conf.template
                    server:
                      command: ["/usr/bin/python3", "-m", "http.server", "{port}", "--bind", "{host}",
                                "--directory", "{server_dir}"]
                    """);
            ShellRun files = ShellRun.in(elsewhere, loadctl + " sweep --profile files.yaml --threads 1"
                    + " --connections 4 --duration 1s --warmup 0s --port " + LoadctlProcesses.freePort());
            assertThat(files.exitCode()).as(files.toString()).isZero();
            assertThat(goodputOf(elsewhere.resolve("reports/latest/result.json"))).isPositive();
        }

        ShellRun uninstall = ShellRun.in(ShellRun.CHECKOUT, "make uninstall PREFIX=" + prefix);
        assertThat(uninstall.exitCode()).as(uninstall.toString()).isZero();
        assertThat(prefix.resolve("bin/loadctl")).doesNotExist();
        assertThat(share).doesNotExist();
        assertThat(prefix.resolve("share/bash-completion/completions/loadctl")).doesNotExist();
    }

    private static double goodputOf(Path result) throws Exception {
        JsonNode sweep = new ObjectMapper().readTree(result.toFile());
        return sweep.path("points").path(0).path("iterations").path(0).path("goodputPerSecond").asDouble();
    }
}
