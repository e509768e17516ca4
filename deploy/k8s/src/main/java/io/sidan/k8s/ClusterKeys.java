package io.sidan.k8s;

import java.security.KeyPair;
import java.util.ArrayList;
import java.util.List;

import io.sidan.contracts.integrity.SigningKeys;
import io.sidan.contracts.privacy.MasterKey;

/**
 * {@code ./sidan keys}: prints the two new Secrets a cluster needs, to pipe into {@code kubectl apply -f -}:
 * {@code sidan-integrity-keys}, one Ed25519 checkpoint signing key per service (key: the service's name) and
 * every service's public key ({@code trusted-keys}) — keep the public keys, {@code ./sidan verify --key} needs
 * them to check an export; and {@code sidan-privacy-keys}, the master key of residents' data keys
 * ({@code master-key}) — losing it makes every request's personal data unreadable (docs/deploy.md).
 */
public final class ClusterKeys {

    /** The services that sign checkpoints. */
    public static final List<String> SERVICES = List.of("request-service", "dispatch-service", "rating-service");

    private ClusterKeys() {
    }

    public static void main(String[] args) {
        String namespace = args.length > 0 ? args[0] : "sidan";
        System.out.print(integritySecret(namespace) + "---\n" + privacySecret(namespace));
    }

    static String integritySecret(String namespace) {
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

    static String privacySecret(String namespace) {
        return "# The master key that wraps the data keys of residents' personal data (AES-256, base64). Made by\n"
                + "# ./sidan keys; apply once and back it up apart from the databases: without it no personal data opens.\n"
                + "apiVersion: v1\nkind: Secret\nmetadata:\n  name: sidan-privacy-keys\n  namespace: " + namespace + "\n"
                + "  labels:\n    app.kubernetes.io/part-of: sidan\ntype: Opaque\nstringData:\n"
                + "  master-key: " + MasterKey.generate() + "\n";
    }
}
