package io.stepwise.tuning.chart;

import java.awt.Graphics2D;
import java.awt.geom.Rectangle2D;
import java.util.ArrayList;
import java.util.List;
import org.jfree.chart.axis.AxisState;
import org.jfree.chart.axis.LogAxis;
import org.jfree.chart.axis.NumberTick;
import org.jfree.chart.axis.TickType;
import org.jfree.chart.ui.RectangleEdge;
import org.jfree.chart.ui.TextAnchor;

/**
 * Memory on a base-2 log scale with one tick at each size tuned, labelled as given (1769 sits where it belongs between
 * 1024 and 2048, rather than one category after 1024).
 */
final class PowerAxis extends LogAxis {
    private final List<Integer> powers;

    PowerAxis(String label, List<Integer> powers) {
        super(label);
        this.powers = List.copyOf(powers);
        setBase(2);
        setMinorTickMarksVisible(false);
        setAutoRange(false);
        int min = powers.stream().mapToInt(Integer::intValue).min().orElse(128);
        int max = powers.stream().mapToInt(Integer::intValue).max().orElse(10_240);
        setRange(min / 1.25, max * 1.25); // room for the first and last points' markers and labels
    }

    @Override
    public List refreshTicks(Graphics2D g2, AxisState state, Rectangle2D dataArea, RectangleEdge edge) {
        List<NumberTick> ticks = new ArrayList<>();
        for (int power : powers) {
            ticks.add(new NumberTick(TickType.MAJOR, power, Integer.toString(power), TextAnchor.TOP_CENTER, TextAnchor.CENTER, 0));
        }
        return ticks;
    }
}
