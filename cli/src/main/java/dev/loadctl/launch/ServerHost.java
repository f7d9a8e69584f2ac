package dev.loadctl.launch;

/**
 * Where the target server runs when not on this machine: a host reached over ssh, with the same ssh
 * settings as generator hosts ({@code --ssh-config}, {@code --ssh-option}).
 */
public record ServerHost(SshHost host, SshSettings ssh) {

    public ServerHost {
        ssh = ssh == null ? SshSettings.DEFAULT : ssh;
    }

    @Override
    public String toString() {
        return host.given();
    }
}
