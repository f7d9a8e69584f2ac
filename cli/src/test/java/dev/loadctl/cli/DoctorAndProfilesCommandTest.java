package dev.loadctl.cli;

import dev.loadctl.preflight.OpenFilesControl;
import dev.loadctl.preflight.ProcFs;
import org.junit.jupiter.api.Test;

import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

class DoctorAndProfilesCommandTest {

    @Test
    void profilesListsNameAndDescription() {
        CliRun run = CliRun.of("profiles");
        assertThat(run.exitCode()).isZero();
        assertThat(run.out()).containsPattern("(?m)^default +The original question: 1, 2, 4, 8 server threads")
                .containsPattern("(?m)^quick +About one minute for a first try")
                .containsPattern("(?m)^fastapi-uvicorn +The original stack: FastAPI on uvicorn")
                .contains("loadctl sweep --profile NAME");
    }

    @Test
    void doctorReportsTwentyThousandConnectionsHonestlyAndPasses() throws Exception {
        CliRun run = CliRun.of("doctor", "--connections", "20000", "--port", Integer.toString(freePort()));
        assertThat(run.exitCode()).as(run.out() + run.err()).isZero();
        assertThat(run.out()).containsPattern("(?m)^ok +wrk +wrk ")
                .containsPattern("(?m)^(ok|warn) +open files .*20,000")
                .containsPattern("(?m)^(ok|warn) +listen backlog +net.core.somaxconn")
                .containsPattern("(?m)^(ok|warn) +cores ")
                .containsPattern("(?m)^ok +port ");
        if (run.out().contains("warn  open files")) {
            assertThat(run.out()).contains("is short: ").contains("fix: raise it to");
        }
    }

    @Test
    void doctorFailsWithTheFirstFailuresExitCode() throws Exception {
        CliRun run = CliRun.of("doctor", "--threads", "8", "--connections", "4", "--port", Integer.toString(freePort()));
        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.out()).containsPattern("(?m)^fail +connections +4 connections < 8 wrk threads");
    }

    @Test
    void doctorChecksAProfilesRequirements() throws Exception {
        CliRun run = CliRun.of("doctor", "--profile", "fastapi-uvicorn", "--port", Integer.toString(freePort()));
        assertThat(run.out()).containsPattern("(?m)^(ok|fail) +fastapi and uvicorn for /usr/bin/python3")
                .containsPattern("(?m)^(ok|fail) +server program +/usr/bin/python3");
        if (run.out().contains("fail  fastapi")) {
            assertThat(run.out()).contains("fix: apt-get install python3-fastapi python3-uvicorn");
            assertThat(run.exitCode()).isEqualTo(3);
        }
    }

    /**
     * A JVM started with -XX:-MaxFDLimit keeps the shell's soft limit; loadctl raises it (with prlimit)
     * so that wrk and the server, its children, inherit enough. HotSpot's default already does that.
     */
    @Test
    void aLowSoftLimitIsRaisedForTheChildren() throws Exception {
        long hard = OpenFilesControl.ofThisProcess(ProcFs.system()).read().orElseThrow().hard();
        assumeTrue(hard >= 2256, "skipped: the open-files hard limit " + hard + " is below 2256");
        Process doctor = new ProcessBuilder("/bin/sh", "-c", "ulimit -Sn 1024 && exec \"$@\"", "sh",
                ProcessHandle.current().info().command().orElse("java"), "-XX:-MaxFDLimit",
                "-cp", System.getProperty("java.class.path"), Main.class.getName(),
                "doctor", "--connections", "2000", "--threads", "1", "--port", Integer.toString(freePort()))
                .redirectErrorStream(true).start();
        String output = new String(doctor.getInputStream().readAllBytes());
        assertThat(doctor.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(output).containsPattern("(?m)^ok +open files +raised the soft limit from 1,024 to 2,256 for wrk"
                + " and the server; soft 2,256 / hard ");
    }

    private static int freePort() throws Exception {
        return LoadctlProcesses.freePort();
    }
}
