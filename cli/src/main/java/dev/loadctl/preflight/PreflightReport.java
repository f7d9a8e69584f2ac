package dev.loadctl.preflight;

import dev.loadctl.ExitCode;
import dev.loadctl.LoadctlException;
import dev.loadctl.result.SweepResult.PreflightCheck;

import java.util.List;
import java.util.Optional;

/**
 * Every check's outcome, the machine facts they were judged on (after any raise of the soft limit)
 * and wrk's version (null when wrk is missing).
 */
public record PreflightReport(List<Outcome> outcomes, MachineFacts facts, String wrkVersion) {

    public static final String OK = "ok";
    public static final String WARN = "warn";
    public static final String FAIL = "fail";

    /** One check, and the exit code its failure maps to. */
    public record Outcome(PreflightCheck check, ExitCode failureCode) {
        public boolean failed() {
            return FAIL.equals(check.status());
        }
    }

    public List<PreflightCheck> checks() {
        return outcomes.stream().map(Outcome::check).toList();
    }

    public Optional<Outcome> firstFailure() {
        return outcomes.stream().filter(Outcome::failed).findFirst();
    }

    /** Throws the first failure as one line: what is wrong, then the fix. */
    public void requirePassed() {
        firstFailure().ifPresent(failure -> {
            PreflightCheck check = failure.check();
            throw new LoadctlException(failure.failureCode(),
                    check.message() + (check.fix() == null ? "" : ": " + check.fix()));
        });
    }
}
