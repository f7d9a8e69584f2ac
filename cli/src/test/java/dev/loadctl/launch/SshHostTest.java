package dev.loadctl.launch;

import dev.loadctl.ExitCode;
import dev.loadctl.LoadctlException;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class SshHostTest {

    @Test
    void userHostAndPortAsGiven() {
        assertThat(SshHost.parse("root@10.0.0.5:2222")).isEqualTo(new SshHost("root", "10.0.0.5", 2222, "root@10.0.0.5:2222"));
        assertThat(SshHost.parse("gen1")).isEqualTo(new SshHost(null, "gen1", null, "gen1"));
        assertThat(SshHost.parse("fd00::5")).isEqualTo(new SshHost(null, "fd00::5", null, "fd00::5"));
        assertThat(SshHost.parse("me@[fd00::5]:22")).isEqualTo(new SshHost("me", "fd00::5", 22, "me@[fd00::5]:22"));
    }

    @Test
    void whatSshWouldMisreadIsAUsageError() {
        for (String bad : List.of("", "-oProxyCommand=x", "root@-x", "a b", "host:99999", "host:x", "[fd00::5", "me@")) {
            assertThatThrownBy(() -> SshHost.parse(bad)).as(bad).isInstanceOf(LoadctlException.class)
                    .satisfies(e -> assertThat(((LoadctlException) e).exitCode()).isEqualTo(ExitCode.USAGE))
                    .hasMessageStartingWith("--generator-host '" + bad.strip() + "'");
        }
    }

    @Test
    void sshRunsWithoutPromptsOverOneConnectionPerHostAndTheUsersOptionsAfterLoadctls() {
        Ssh ssh = Ssh.shared(new SshSettings(null, List.of("IdentityFile=/k", "BatchMode=no")));
        try {
            List<String> command = ssh.command(SshHost.parse("me@gen1:2222"), "true");
            String line = String.join(" ", command);
            assertThat(line).contains("-o BatchMode=yes -o ControlMaster=auto -o ControlPath=")
                    .contains("-o ControlPersist=" + Ssh.CONTROL_PERSIST + " -o IdentityFile=/k -o BatchMode=no")
                    .endsWith("-p 2222 -l me -- gen1 true")
                    .doesNotContain("StrictHostKeyChecking");
            assertThat(line.indexOf("BatchMode=yes")).isLessThan(line.indexOf("BatchMode=no"));
        } finally {
            ssh.close();
        }
    }

    @Test
    void quotingKeepsEveryCharacterOneWord() {
        assertThat(Ssh.quote("it's $HOME")).isEqualTo("'it'\\''s $HOME'");
    }

    @Test
    void aFixForSshsOwnMessages() {
        SshHost host = SshHost.parse("root@127.0.0.1:2");
        assertThat(Ssh.fix("ssh: connect to host 127.0.0.1 port 2: Connection refused", host, SshSettings.DEFAULT))
                .contains("sshd runs").contains("ssh -o BatchMode=yes -p 2 root@127.0.0.1 true");
        assertThat(Ssh.fix("root@127.0.0.1: Permission denied (publickey).", host, SshSettings.DEFAULT))
                .contains("IdentityFile");
        assertThat(Ssh.fix("Host key verification failed.", host, SshSettings.DEFAULT))
                .contains("never accepts one for you");
    }
}
