package dev.loadctl.cli;

import org.junit.jupiter.api.Test;

import java.net.ServerSocket;

import static org.assertj.core.api.Assertions.assertThat;

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
            assertThat(run.out()).contains("connections; the rest fail as connect errors").contains("fix: raise it to");
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

    private static int freePort() throws Exception {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
