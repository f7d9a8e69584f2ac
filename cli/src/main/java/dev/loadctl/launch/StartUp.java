package dev.loadctl.launch;

import java.time.Duration;

/**
 * How long a target took to come up, counted from spawning its process (so a JVM's or Python's own
 * start is in it).
 *
 * @param ready         until the ready URL first answered, with any status
 * @param first2xx      until the load URL first answered 2xx (the handler's delay included); null when
 *                      none came within {@link TargetProcess#FIRST_2XX_LIMIT} of being ready
 * @param no2xxReason   why first2xx is null (the load URL's last answer); null otherwise
 */
public record StartUp(Duration ready, Duration first2xx, String no2xxReason) {
}
