package dev.ovstub.server.internal.api;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.KeyStore;
import java.security.SecureRandom;
import java.security.Signature;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;

/**
 * Makes a self-signed certificate for {@code localhost} / {@code 127.0.0.1} at start-up, as the real OpenVidu
 * server does, with the JDK alone: an EC P-256 key (instant to generate) and a minimal X.509 v3 certificate
 * written in DER by hand, so the server needs no crypto library.
 */
public final class SelfSignedCertificate {
    public static final String ALIAS = "ovstub";
    private static final DateTimeFormatter UTC_TIME = DateTimeFormatter.ofPattern("yyMMddHHmmss'Z'");

    private final KeyStore keyStore;
    private final X509Certificate certificate;
    private final char[] password;

    private SelfSignedCertificate(KeyStore keyStore, X509Certificate certificate, char[] password) {
        this.keyStore = keyStore;
        this.certificate = certificate;
        this.password = password;
    }

    public static SelfSignedCertificate generate(String commonName) {
        try {
            KeyPairGenerator gen = KeyPairGenerator.getInstance("EC");
            gen.initialize(new ECGenParameterSpec("secp256r1"));
            KeyPair pair = gen.generateKeyPair();
            byte[] tbs = tbsCertificate(commonName, pair);
            Signature signer = Signature.getInstance("SHA256withECDSA");
            signer.initSign(pair.getPrivate());
            signer.update(tbs);
            byte[] cert = seq(tbs, ecdsaWithSha256(), bitString(signer.sign()));
            X509Certificate x509 = (X509Certificate) CertificateFactory.getInstance("X.509")
                    .generateCertificate(new ByteArrayInputStream(cert));
            char[] password = new BigInteger(64, new SecureRandom()).toString(36).toCharArray();
            // In memory only, never written: JKS, whose key protection costs nothing, rather than PKCS12, whose
            // 10,000 PBKDF2 rounds on storing and again on Jetty's reading cost ~100 ms of a fresh JVM's start.
            KeyStore ks = KeyStore.getInstance("JKS");
            ks.load(null, null);
            ks.setKeyEntry(ALIAS, pair.getPrivate(), password, new X509Certificate[] {x509});
            return new SelfSignedCertificate(ks, x509, password);
        } catch (GeneralSecurityException | java.io.IOException e) {
            throw new IllegalStateException("cannot make a self-signed certificate: " + e, e);
        }
    }

    public KeyStore keyStore() {
        return keyStore;
    }

    public X509Certificate certificate() {
        return certificate;
    }

    public String password() {
        return new String(password);
    }

    private static byte[] tbsCertificate(String cn, KeyPair pair) {
        ZonedDateTime now = ZonedDateTime.now(ZoneOffset.UTC);
        byte[] name = seq(set(seq(oid(2, 5, 4, 3), utf8(cn))));
        byte[] sanDns = tagged(0x82, "localhost".getBytes(StandardCharsets.US_ASCII));
        byte[] sanIp = tagged(0x87, new byte[] {127, 0, 0, 1});
        byte[] sanIp6 = tagged(0x87, new byte[] {0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1});
        byte[] san = seq(oid(2, 5, 29, 17), tagged(0x04, seq(sanDns, sanIp, sanIp6)));
        return seq(
                tagged(0xA0, integer(BigInteger.valueOf(2))),
                integer(new BigInteger(63, new SecureRandom()).add(BigInteger.ONE)),
                ecdsaWithSha256(),
                name,
                seq(utcTime(now.minusDays(1)), utcTime(now.plusYears(1))),
                name,
                pair.getPublic().getEncoded(),
                tagged(0xA3, seq(san)));
    }

    private static byte[] ecdsaWithSha256() {
        return seq(oid(1, 2, 840, 10045, 4, 3, 2));
    }

    private static byte[] utcTime(ZonedDateTime t) {
        return tagged(0x17, UTC_TIME.format(t).getBytes(StandardCharsets.US_ASCII));
    }

    private static byte[] utf8(String s) {
        return tagged(0x0C, s.getBytes(StandardCharsets.UTF_8));
    }

    private static byte[] integer(BigInteger v) {
        return tagged(0x02, v.toByteArray());
    }

    private static byte[] bitString(byte[] bits) {
        byte[] content = new byte[bits.length + 1];
        System.arraycopy(bits, 0, content, 1, bits.length);
        return tagged(0x03, content);
    }

    private static byte[] oid(int... arcs) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write(arcs[0] * 40 + arcs[1]);
        for (int i = 2; i < arcs.length; i++) {
            int v = arcs[i];
            int shift = 28;
            while (shift > 0 && (v >>> shift) == 0) {
                shift -= 7;
            }
            for (; shift > 0; shift -= 7) {
                out.write(0x80 | ((v >>> shift) & 0x7F));
            }
            out.write(v & 0x7F);
        }
        return tagged(0x06, out.toByteArray());
    }

    private static byte[] seq(byte[]... parts) {
        return tagged(0x30, concat(parts));
    }

    private static byte[] set(byte[]... parts) {
        return tagged(0x31, concat(parts));
    }

    private static byte[] concat(byte[]... parts) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (byte[] p : parts) {
            out.writeBytes(p);
        }
        return out.toByteArray();
    }

    private static byte[] tagged(int tag, byte[] content) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write(tag);
        int len = content.length;
        if (len < 0x80) {
            out.write(len);
        } else if (len < 0x100) {
            out.write(0x81);
            out.write(len);
        } else if (len < 0x10000) {
            out.write(0x82);
            out.write(len >>> 8);
            out.write(len & 0xFF);
        } else {
            out.write(0x83);
            out.write(len >>> 16);
            out.write((len >>> 8) & 0xFF);
            out.write(len & 0xFF);
        }
        out.writeBytes(content);
        return out.toByteArray();
    }
}
