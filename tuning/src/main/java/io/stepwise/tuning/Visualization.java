package io.stepwise.tuning;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Comparator;
import java.util.List;

/**
 * The original's visualization link: a base URL, {@code #}, then base64 of the powers as a little-endian Int16Array,
 * {@code ;}, base64 of the durations as a Float32Array, {@code ;}, base64 of the costs as a Float32Array, sorted by
 * power. The numbers travel in the fragment, which a browser never sends to a server.
 */
public final class Visualization {
    private Visualization() {}

    /** One point of the chart. */
    public record Point(int power, float duration, float cost) {}

    public static String link(String baseUrl, List<Point> points) {
        List<Point> sorted = new ArrayList<>(points);
        sorted.sort(Comparator.comparingInt(Point::power));
        ByteBuffer powers = ByteBuffer.allocate(2 * sorted.size()).order(ByteOrder.LITTLE_ENDIAN);
        ByteBuffer durations = ByteBuffer.allocate(4 * sorted.size()).order(ByteOrder.LITTLE_ENDIAN);
        ByteBuffer costs = ByteBuffer.allocate(4 * sorted.size()).order(ByteOrder.LITTLE_ENDIAN);
        for (Point p : sorted) {
            powers.putShort((short) p.power());
            durations.putFloat(p.duration());
            costs.putFloat(p.cost());
        }
        Base64.Encoder b64 = Base64.getEncoder();
        return baseUrl + "#" + b64.encodeToString(powers.array()) + ";" + b64.encodeToString(durations.array()) + ";"
                + b64.encodeToString(costs.array());
    }

    /** The points of a link (or of its fragment alone). */
    public static List<Point> decode(String link) {
        String fragment = link.substring(link.indexOf('#') + 1);
        String[] parts = fragment.split(";", -1);
        if (parts.length != 3) throw new IllegalArgumentException("a visualization fragment has three parts: " + link);
        Base64.Decoder b64 = Base64.getDecoder();
        ByteBuffer powers = ByteBuffer.wrap(b64.decode(parts[0])).order(ByteOrder.LITTLE_ENDIAN);
        ByteBuffer durations = ByteBuffer.wrap(b64.decode(parts[1])).order(ByteOrder.LITTLE_ENDIAN);
        ByteBuffer costs = ByteBuffer.wrap(b64.decode(parts[2])).order(ByteOrder.LITTLE_ENDIAN);
        int n = powers.remaining() / 2;
        if (durations.remaining() != 4 * n || costs.remaining() != 4 * n) {
            throw new IllegalArgumentException("the three parts of a visualization fragment disagree in length");
        }
        List<Point> out = new ArrayList<>(n);
        for (int i = 0; i < n; i++) out.add(new Point(powers.getShort(), durations.getFloat(), costs.getFloat()));
        return out;
    }
}
