package dev.loadctl.result;

/**
 * The words for what {@link Rules} find, each said once. A sweep's point warnings (the console's "!" lines,
 * saved with the point) and the report's verdict reasons are built from these, so that the console and the
 * report give one reason in the same words; each adds only where it held and the figures it has (one
 * point's own, or the report's list of thread counts).
 */
public final class VerdictWords {

    private VerdictWords() {
    }

    /**
     * wrk filled the cores it can use ({@link Rules#isWrkSaturated}).
     *
     * @param where "at 1 thread", "on gen-2"; null for the point a warning is on
     * @param used  what it used: "it used 0.95 of the 1 cores it can use"
     */
    public static String wrkSaturated(String where, String used) {
        return "wrk was saturated" + place(where) + " (" + used + "): the numbers there are a lower bound, the"
                + " load generator and not the server may be the limit";
    }

    /**
     * The server and wrk together filled the machine ({@link Rules#isMachineCpuFull}).
     *
     * @param where "at 1, 2 and 4 threads"; null for the point a warning is on
     * @param used  what they used: "the server used 0.90 and wrk 0.95 of its 2 cores"
     */
    public static String machineCpuFull(String where, String used) {
        return "the machine's CPU was full" + place(where) + " (" + used + "): they compete, so latency and goodput"
                + " there measure the shared machine as much as the server; wrk on another machine (--generator-host)"
                + " would tell them apart";
    }

    /**
     * More attempts than the limit were not a timely 2xx ({@link Rules#isWithinErrorLimit}).
     *
     * @param limit   the limit as shown: "0.10%"
     * @param figures the error rate and where: "2.0% at 1 thread", "0.50% of attempts were not a timely 2xx"
     */
    public static String errorsOverLimit(String limit, String figures) {
        return "errors above the " + limit + " limit: " + figures;
    }

    /**
     * p99 above the SLA ({@link Rules#isOverSla}).
     *
     * @param sla     the SLA as shown: "250 ms"
     * @param figures the p99 and where: "475 ms at 1 thread, 258 ms at 2 threads"
     */
    public static String overSla(String sla, String figures) {
        return "p99 latency over the " + sla + " SLA: " + figures;
    }

    private static String place(String where) {
        return where == null ? "" : " " + where;
    }
}
