/**
 * Renders a load-test run's {@code summary.json} into one self-contained {@code report.html}: tables
 * and inline SVG charts, with no external resource of any kind, so the file can be archived, mailed or
 * opened offline and always shows the same thing.
 *
 * <p>Entry point: {@link io.eventgateway.loadtest.report.HtmlReport}.
 */
package io.eventgateway.loadtest.report;
