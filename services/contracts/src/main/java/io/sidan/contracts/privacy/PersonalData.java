package io.sidan.contracts.privacy;

import java.util.List;

/**
 * How a resident's contact looks to those who do not need it: enough to recognise a case (the start of
 * an address, the ends of a number, the neighbourhood), not enough to call or visit. Every service
 * masks with these, so a masked value looks the same everywhere (API, exports, console).
 */
public final class PersonalData {

    /** Field names as the access log records them. */
    public static final String PHONE = "contactPhone";
    public static final String ADDRESS = "address";
    public static final String COORDINATES = "coordinates";
    /** Sealed in events with the phone and address (see {@link SealedFields}); not masked, withheld once erased. */
    public static final String NAME = "requesterName";
    public static final String DESCRIPTION = "description";
    /** The whole contact: what a read of it unmasked shows. */
    public static final List<String> CONTACT = List.of(PHONE, ADDRESS, COORDINATES);

    private static final String HIDDEN = "****";

    private PersonalData() {
    }

    /** {@code 13912345678} → {@code 139****5678}; short numbers keep only their last two digits. */
    public static String maskPhone(String phone) {
        if (phone == null) {
            return null;
        }
        String p = phone.strip();
        if (p.length() >= 8) {
            return p.substring(0, 3) + HIDDEN + p.substring(p.length() - 4);
        }
        return HIDDEN + p.substring(Math.max(0, p.length() - 2));
    }

    /** The first third of the address, at most six characters (district and street), then {@code ****}. */
    public static String maskAddress(String address) {
        if (address == null) {
            return null;
        }
        String a = address.strip();
        int keep = Math.min(6, a.codePointCount(0, a.length()) / 3);
        return a.substring(0, a.offsetByCodePoints(0, keep)) + HIDDEN;
    }

    /** A coordinate rounded to two decimals (about a kilometre): the neighbourhood, not the door. */
    public static Double maskCoordinate(Double degrees) {
        return degrees == null ? null : Math.round(degrees * 100) / 100.0;
    }
}
