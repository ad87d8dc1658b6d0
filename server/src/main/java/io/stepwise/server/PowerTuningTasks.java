package io.stepwise.server;

import com.fasterxml.jackson.databind.JsonNode;
import io.stepwise.engine.BuiltInTasks;
import io.stepwise.tuning.PowerTuning;
import io.stepwise.tuning.TuningException;

/** The power tuner's steps as the engine's built-in tasks ({@code arn:aws:states:::stepwise:powerTuning*}). */
final class PowerTuningTasks implements BuiltInTasks {
    private final PowerTuning tuning;

    PowerTuningTasks(PowerTuning tuning) { this.tuning = tuning; }

    @Override
    public boolean serves(String action) { return PowerTuning.ACTIONS.contains(action); }

    @Override
    public JsonNode run(String action, JsonNode input) throws Failed {
        try {
            return tuning.run(action, input);
        } catch (TuningException e) {
            throw new Failed(e.error(), e.getMessage());
        }
    }
}
