package io.stepwise.functions;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * One published version of a Lambda layer: an immutable zip whose files a function that names it sees under /opt.
 *
 * @param policy the resource policy document (JSON) that AddLayerVersionPermission builds; empty without statements
 */
public record LayerVersion(String layerName, long version, String description, Optional<String> licenseInfo,
                           List<String> compatibleRuntimes, List<String> compatibleArchitectures, PackageStore.Code code,
                           Instant createdDate, Optional<String> policy, String revisionId) {
    public LayerVersion {
        compatibleRuntimes = List.copyOf(compatibleRuntimes);
        compatibleArchitectures = List.copyOf(compatibleArchitectures);
    }

    /** Whether it matches ListLayers' and ListLayerVersions' filters (an empty filter matches everything). */
    public boolean matches(Optional<String> runtime, Optional<String> architecture) {
        return runtime.map(compatibleRuntimes::contains).orElse(true)
                && architecture.map(compatibleArchitectures::contains).orElse(true);
    }
}
