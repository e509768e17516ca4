package io.sidan.contracts.integrity;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.PublicKey;
import java.util.ArrayList;
import java.util.List;

import io.sidan.contracts.events.IntegrityEvent.CheckpointSigned;

/**
 * {@code ./sidan verify <export.json> [--key <base64 public key>] [--witness <checkpoints.json>]...}: checks a
 * service's store export without a database and prints what it found; exit status 0 when intact, 1 when
 * not, 2 when the arguments or files cannot be read.
 */
public final class VerifyExport {

    private VerifyExport() {
    }

    public static void main(String[] args) {
        System.exit(run(args));
    }

    static int run(String[] args) {
        Path export = null;
        PublicKey key = null;
        List<CheckpointSigned> witnessed = new ArrayList<>();
        try {
            for (int i = 0; i < args.length; i++) {
                switch (args[i]) {
                    case "--key" -> key = SigningKeys.publicKey(value(args, ++i, "--key"));
                    case "--witness" -> {
                        try (InputStream in = Files.newInputStream(Path.of(value(args, ++i, "--witness")))) {
                            witnessed.addAll(StoreExport.readCheckpoints(in));
                        }
                    }
                    default -> {
                        if (export != null || args[i].startsWith("--")) {
                            throw new IllegalArgumentException("unexpected argument " + args[i]);
                        }
                        export = Path.of(args[i]);
                    }
                }
            }
            if (export == null) {
                throw new IllegalArgumentException("which export? usage: ./sidan verify <export.json> "
                        + "[--key <base64 public key>] [--witness <checkpoints.json>]...");
            }
            IntegrityReport report;
            try (InputStream in = new BufferedInputStream(Files.newInputStream(export), 1 << 16)) {
                report = StoreExport.verify(in, key, witnessed);
            }
            print(report, key == null);
            return report.intact() ? 0 : 1;
        } catch (NoSuchFileException e) {
            System.err.println("verify: no such file: " + e.getFile());
            return 2;
        } catch (IllegalArgumentException | IOException e) {
            System.err.println("verify: " + e.getMessage());
            return 2;
        }
    }

    private static void print(IntegrityReport r, boolean keyFromExport) {
        System.out.printf("%s: %d events in %d streams, %d checkpoints%s%n", r.service(), r.events(), r.streams(),
                r.checkpoints(), r.latestCheckpoint() == null ? "" : " (newest #" + r.latestCheckpoint() + "; "
                        + r.eventsAfterCheckpoint() + " events after it, not yet signed)");
        if (r.signaturesCheckedWith() == null) {
            System.out.println("signatures NOT checked: no key given and none in the export");
        } else if (keyFromExport) {
            System.out.println("signatures checked with the key inside the export (" + r.signaturesCheckedWith()
                    + "): pass --key with the service's published key to know who signed");
        } else {
            System.out.println("signatures checked with key " + r.signaturesCheckedWith());
        }
        if (r.firstBadEvent() != null) {
            IntegrityReport.BadEvent b = r.firstBadEvent();
            System.out.printf("first bad event: stream %s version %d (event %s, position %d): %s%n", b.streamId(), b.version(),
                    b.eventId(), b.position(), b.problem());
        }
        r.problems().forEach(p -> System.out.println("  - " + p));
        System.out.println(r.intact() ? "INTACT" : "NOT INTACT");
    }

    private static String value(String[] args, int i, String option) {
        if (i >= args.length) {
            throw new IllegalArgumentException(option + " needs a value");
        }
        return args[i];
    }
}
