package io.sidan.contracts.integrity;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;

/**
 * The Merkle tree hash of RFC 6962 (Certificate Transparency) over a store's stream heads: leaves are
 * {@code SHA-256(0x00 || leaf data)}, inner nodes {@code SHA-256(0x01 || left || right)}, the left subtree
 * of n leaves holding the largest power of two below n; no leaves give {@code SHA-256("")}. Built
 * leaf by leaf, keeping one hash per level, so a million heads need no list of them.
 */
public final class MerkleTree {

    /**
     * The order of a store's heads in the tree: by the UTF-8 bytes of the stream id, which is PostgreSQL's
     * {@code COLLATE "C"}, so a service can stream its heads from the database in tree order.
     */
    public static final Comparator<String> HEAD_ORDER = (a, b) -> Arrays.compareUnsigned(a.getBytes(StandardCharsets.UTF_8),
            b.getBytes(StandardCharsets.UTF_8));

    private final List<byte[]> perfect = new ArrayList<>(); // roots of complete subtrees, largest first
    private final List<Long> sizes = new ArrayList<>();
    private long leaves;

    /**
     * The leaf of a stream's head: its id, version and chain hash. A store's heads go in {@link #HEAD_ORDER},
     * so anyone holding the events builds the same tree.
     */
    public void addHead(String streamId, long version, String hash) {
        addLeafHash(headLeaf(streamId, version, hash));
    }

    /** Adds a leaf (in the tree's order). */
    public void add(byte[] leafData) {
        addLeafHash(sha256((byte) 0, leafData));
    }

    /** The leaf hash of a stream's head. */
    public static byte[] headLeaf(String streamId, long version, String hash) {
        return sha256((byte) 0, ("sidan-head/1\n" + streamId + "\n" + version + "\n" + hash).getBytes(StandardCharsets.UTF_8));
    }

    /**
     * The audit path (RFC 6962 §2.1.1, hex) that proves the leaf at {@code index} is in the tree of these
     * leaf hashes: with it, one stream's head can be checked against a signed root without the others.
     */
    public static List<String> inclusionProof(List<byte[]> leafHashes, int index) {
        if (index < 0 || index >= leafHashes.size()) {
            throw new IllegalArgumentException("no leaf " + index + " among " + leafHashes.size());
        }
        List<String> path = new ArrayList<>();
        path(leafHashes, index, path);
        return path;
    }

    private static void path(List<byte[]> d, int m, List<String> out) {
        if (d.size() <= 1) {
            return;
        }
        int k = Integer.highestOneBit(d.size() - 1);
        if (m < k) {
            path(d.subList(0, k), m, out);
            out.add(HexFormat.of().formatHex(subtree(d.subList(k, d.size()))));
        } else {
            path(d.subList(k, d.size()), m - k, out);
            out.add(HexFormat.of().formatHex(subtree(d.subList(0, k))));
        }
    }

    private static byte[] subtree(List<byte[]> leafHashes) {
        MerkleTree t = new MerkleTree();
        leafHashes.forEach(t::addLeafHash);
        return HexFormat.of().parseHex(t.root());
    }

    /** Checks an audit path (RFC 9162 §2.1.3.2): whether the leaf at {@code index} of a tree of {@code size} gives {@code root}. */
    public static boolean verifyInclusion(byte[] leafHash, long index, long size, List<String> path, String root) {
        if (index < 0 || index >= size) {
            return false;
        }
        long fn = index;
        long sn = size - 1;
        byte[] r = leafHash;
        try {
            for (String hex : path) {
                byte[] p = HexFormat.of().parseHex(hex);
                if (sn == 0) {
                    return false;
                }
                if ((fn & 1) == 1 || fn == sn) {
                    r = sha256((byte) 1, p, r);
                    if ((fn & 1) == 0) {
                        while ((fn & 1) == 0 && fn != 0) {
                            fn >>= 1;
                            sn >>= 1;
                        }
                    }
                } else {
                    r = sha256((byte) 1, r, p);
                }
                fn >>= 1;
                sn >>= 1;
            }
        } catch (IllegalArgumentException e) {
            return false; // not hex
        }
        return sn == 0 && HexFormat.of().formatHex(r).equals(root);
    }

    private void addLeafHash(byte[] leafHash) {
        byte[] node = leafHash;
        long size = 1;
        // merge equal-sized subtrees, as a binary counter carries
        while (!sizes.isEmpty() && sizes.get(sizes.size() - 1) == size) {
            byte[] left = perfect.remove(perfect.size() - 1);
            sizes.remove(sizes.size() - 1);
            node = sha256((byte) 1, left, node);
            size *= 2;
        }
        perfect.add(node);
        sizes.add(size);
        leaves++;
    }

    public long size() {
        return leaves;
    }

    /** The root, lowercase hex. */
    public String root() {
        if (perfect.isEmpty()) {
            return HexFormat.of().formatHex(digest().digest());
        }
        // the right-most subtrees fold into their left neighbours: each left one is the larger power of two
        byte[] acc = perfect.get(perfect.size() - 1);
        for (int i = perfect.size() - 2; i >= 0; i--) {
            acc = sha256((byte) 1, perfect.get(i), acc);
        }
        return HexFormat.of().formatHex(acc);
    }

    private static byte[] sha256(byte prefix, byte[]... parts) {
        MessageDigest sha = digest();
        sha.update(prefix);
        for (byte[] p : parts) {
            sha.update(p);
        }
        return sha.digest();
    }

    private static MessageDigest digest() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this JVM", e);
        }
    }
}
