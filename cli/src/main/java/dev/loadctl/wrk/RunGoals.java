package dev.loadctl.wrk;

import dev.loadctl.Numbers;
import dev.loadctl.result.Rules;
import dev.loadctl.result.WrkResult;

import java.util.ArrayList;
import java.util.List;

/**
 * What one wrk run is judged against besides its responses, as a sweep judges each point: the goodput target,
 * the p99 SLA, and the handler's delay that, with the connections, caps the goodput (Little's law). A run
 * whose every response was a timely 2xx still misses the question when its p99 is over the SLA or its goodput
 * below the target, and its verdict says so.
 */
public record RunGoals(double targetRps, double slaP99Ms, double delayMs) {

    /** Every way the run misses the SLA or the target, in plain words; empty when it meets both. */
    public List<String> misses(WrkResult r) {
        List<String> misses = new ArrayList<>();
        Double p99 = r.latencyMs() == null ? null : r.latencyMs().p99();
        if (p99 == null) {
            misses.add("p99 unknown (wrk printed no latency distribution), so the " + Numbers.millis(slaP99Ms)
                    + " SLA cannot be judged");
        } else if (Rules.isOverSla(p99, slaP99Ms)) {
            misses.add("p99 " + Numbers.millis(p99) + " over the " + Numbers.millis(slaP99Ms) + " SLA");
        }
        if (r.goodputPerSecond() < targetRps) {
            misses.add("goodput " + Numbers.perSecond(r.goodputPerSecond()) + " below the "
                    + Numbers.perSecond(targetRps) + " target" + (ceiling(r.connections()) < targetRps
                    ? ", which is above these connections' Little's-law ceiling" : ""));
        }
        return misses;
    }

    /** The most goodput any server can give these connections with this delay. */
    public double ceiling(int connections) {
        return Rules.littlesLawCeilingPerSecond(connections, delayMs);
    }

    /** "Little's-law ceiling: 100 connections / 200 ms = 500/s, below the 20,000/s target (it needs 4,000)". */
    public String ceilingLine(int connections) {
        double ceiling = ceiling(connections);
        return "Little's-law ceiling: " + Numbers.count(connections) + " connections / " + Numbers.millis(delayMs)
                + " = " + Numbers.perSecond(ceiling) + (ceiling < targetRps ? ", below the "
                + Numbers.perSecond(targetRps) + " target: no server can reach it with these connections (it needs "
                + Numbers.count(Rules.connectionsFor(targetRps, delayMs)) + ")" : "");
    }

    /** The verdict line on the responses ({@link RunVerdict}) and on these goals together. */
    public String verdictLine(WrkResult r) {
        RunVerdict responses = RunVerdict.of(r);
        List<String> misses = misses(r);
        if (!responses.healthy()) {
            return responses.line() + (misses.isEmpty() ? "" : "; and " + String.join("; ", misses));
        }
        String within = "the " + Numbers.perSecond(targetRps) + " target with p99 within " + Numbers.millis(slaP99Ms);
        if (misses.isEmpty()) {
            return responses.line() + "; meets " + within;
        }
        return "verdict: NOT MET: " + String.join("; ", misses) + " (asked: " + within + "; responses "
                + responses.line().substring("verdict: ".length()) + ")";
    }
}
