package io.sidan.kit.api;

import java.nio.charset.StandardCharsets;
import java.util.List;

import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.Response;

/** CSV answers that Excel opens with Chinese text intact: UTF-8 with a byte order mark. */
public final class Csv {

    public static final String MEDIA_TYPE = "text/csv; charset=UTF-8";

    private Csv() {
    }

    /**
     * Whether the client asked for CSV ({@code Accept: text/csv}): endpoints that offer both answer the same
     * path as JSON or as a CSV file by content negotiation.
     */
    public static boolean wanted(HttpHeaders headers) {
        return headers.getAcceptableMediaTypes().stream()
                .anyMatch(m -> "text".equals(m.getType()) && "csv".equals(m.getSubtype()));
    }

    public static Response of(String filename, List<String> header, List<List<Object>> rows) {
        StringBuilder b = new StringBuilder("\uFEFF");
        line(b, header.stream().map(h -> (Object) h).toList());
        for (List<Object> row : rows) {
            line(b, row);
        }
        return Response.ok(b.toString().getBytes(StandardCharsets.UTF_8), MEDIA_TYPE)
                .header("Content-Disposition", "attachment; filename=\"" + filename + "\"").build();
    }

    private static void line(StringBuilder b, List<Object> cells) {
        for (int i = 0; i < cells.size(); i++) {
            if (i > 0) {
                b.append(',');
            }
            Object cell = cells.get(i);
            String text = cell == null ? "" : cell.toString();
            if (cell instanceof String && !text.isEmpty() && "=+-@\t\r".indexOf(text.charAt(0)) >= 0) {
                text = "'" + text; // never let a resident's text run as a spreadsheet formula
            }
            if (text.indexOf(',') >= 0 || text.indexOf('"') >= 0 || text.indexOf('\n') >= 0 || text.indexOf('\r') >= 0) {
                text = '"' + text.replace("\"", "\"\"") + '"';
            }
            b.append(text);
        }
        b.append("\r\n");
    }
}
