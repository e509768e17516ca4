package io.sidan.k8s;

import java.security.KeyPair;
import java.util.ArrayList;
import java.util.List;

import io.sidan.contracts.integrity.SigningKeys;

/**
 * {@code ./sidan keys}: prints a new Secret {@code sidan-integrity-keys} for a cluster, one Ed25519 checkpoint
 * signing key per service (key: the service's name) and every service's public key ({@code trusted-keys}),
 * to pipe into {@code kubectl apply -f -}. Keep the public keys: {@code ./sidan verify --key} needs them
 * to check an export (docs/deploy.md).
 */
public final class IntegritySecret {

    /** The services that sign checkpoints. */
    public static final List<String> SERVICES = List.of("request-service", "dispatch-service", "rating-service");

    private IntegritySecret() {
    }

    public static void main(String[] args) {
        System.out.print(yaml(args.length > 0 ? args[0] : "sidan"));
    }

    static String yaml(String namespace) {
        StringBuilder keys = new StringBuilder();
        List<String> trusted = new ArrayList<>();
        for (String service : SERVICES) {
            KeyPair pair = SigningKeys.generate();
            keys.append("  ").append(service).append(": ").append(SigningKeys.encode(pair.getPrivate())).append('\n');
            trusted.add(service + ":" + SigningKeys.encode(pair.getPublic()));
        }
        return "# Checkpoint signing keys of the Sidan services (Ed25519: private keys base64 of PKCS#8, public keys base64\n"
                + "# of X.509). Made by ./sidan keys; apply once, keep the public keys (trusted-keys) for ./sidan verify --key.\n"
                + "apiVersion: v1\nkind: Secret\nmetadata:\n  name: sidan-integrity-keys\n  namespace: " + namespace + "\n"
                + "  labels:\n    app.kubernetes.io/part-of: sidan\ntype: Opaque\nstringData:\n" + keys
                + "  trusted-keys: " + String.join(",", trusted) + "\n";
    }
}
