package io.sidan.eventing.integrity;

import java.security.PrivateKey;
import java.security.PublicKey;

/** A service's checkpoint signing key and the public key the other services check it with. */
public record SigningIdentity(PrivateKey privateKey, PublicKey publicKey) {
}
