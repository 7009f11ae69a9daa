package io.openvidu.java.client.internal;

import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Enumeration;
import java.util.List;

import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManager;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509TrustManager;

import org.apache.hc.client5.http.ssl.DefaultClientTlsStrategy;
import org.apache.hc.client5.http.ssl.DefaultHostnameVerifier;
import org.apache.hc.client5.http.ssl.HostnameVerificationPolicy;
import org.apache.hc.client5.http.ssl.NoopHostnameVerifier;
import org.apache.hc.client5.http.ssl.TlsSocketStrategy;

/**
 * Builds the TLS strategy: the JVM's trust (default), the JVM's trust plus given certificates or
 * stores, or (explicitly, for local development) no verification at all.
 */
final class TlsSupport {

    private TlsSupport() {
    }

    static TlsSocketStrategy strategy(TransportSettings s) {
        try {
            if (s.trustAll()) {
                SSLContext ctx = SSLContext.getInstance("TLS");
                ctx.init(null, new TrustManager[] {new TrustAllManager()}, null);
                return new DefaultClientTlsStrategy(ctx, HostnameVerificationPolicy.CLIENT, NoopHostnameVerifier.INSTANCE);
            }
            SSLContext ctx;
            if (s.trustedCertificates().isEmpty() && s.trustStores().isEmpty()) {
                ctx = SSLContext.getInstance("TLS");
                ctx.init(null, null, null);
            } else {
                KeyStore extra = KeyStore.getInstance(KeyStore.getDefaultType());
                extra.load(null, null);
                int n = 0;
                for (X509Certificate cert : s.trustedCertificates()) {
                    extra.setCertificateEntry("trusted-" + n++, cert);
                }
                for (KeyStore store : s.trustStores()) {
                    for (Enumeration<String> aliases = store.aliases(); aliases.hasMoreElements();) {
                        String alias = aliases.nextElement();
                        java.security.cert.Certificate cert = store.getCertificate(alias);
                        if (cert != null) {
                            extra.setCertificateEntry("store-" + n++, cert);
                        }
                    }
                }
                if (n == 0) {
                    throw new IllegalArgumentException("the given trust stores contain no certificate");
                }
                ctx = SSLContext.getInstance("TLS");
                ctx.init(null, new TrustManager[] {new EitherTrustManager(trustManager(null), trustManager(extra))},
                        null);
            }
            return new DefaultClientTlsStrategy(ctx, HostnameVerificationPolicy.BOTH, new DefaultHostnameVerifier());
        } catch (GeneralSecurityException | java.io.IOException e) {
            throw new IllegalStateException("cannot set up TLS: " + e, e);
        }
    }

    private static X509TrustManager trustManager(KeyStore store) throws GeneralSecurityException {
        TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        tmf.init(store);
        for (TrustManager tm : tmf.getTrustManagers()) {
            if (tm instanceof X509TrustManager) {
                return (X509TrustManager) tm;
            }
        }
        throw new GeneralSecurityException("no X509TrustManager available");
    }

    /** Trusts a server chain that either the JVM's trust or the caller's certificates accept. */
    private static final class EitherTrustManager implements X509TrustManager {
        private final X509TrustManager jvm;
        private final X509TrustManager extra;

        EitherTrustManager(X509TrustManager jvm, X509TrustManager extra) {
            this.jvm = jvm;
            this.extra = extra;
        }

        @Override
        public void checkClientTrusted(X509Certificate[] chain, String authType) throws CertificateException {
            jvm.checkClientTrusted(chain, authType);
        }

        @Override
        public void checkServerTrusted(X509Certificate[] chain, String authType) throws CertificateException {
            try {
                extra.checkServerTrusted(chain, authType);
            } catch (CertificateException notTheCallers) {
                try {
                    jvm.checkServerTrusted(chain, authType);
                } catch (CertificateException e) {
                    e.addSuppressed(notTheCallers);
                    throw e;
                }
            }
        }

        @Override
        public X509Certificate[] getAcceptedIssuers() {
            List<X509Certificate> all = new ArrayList<>(List.of(extra.getAcceptedIssuers()));
            all.addAll(List.of(jvm.getAcceptedIssuers()));
            return all.toArray(new X509Certificate[0]);
        }
    }

    /** Accepts everything. Only reachable through the loudly named builder option. */
    private static final class TrustAllManager implements X509TrustManager {
        @Override
        public void checkClientTrusted(X509Certificate[] chain, String authType) {
            // trust all: explicit, logged opt-in for local development
        }

        @Override
        public void checkServerTrusted(X509Certificate[] chain, String authType) {
            // trust all: explicit, logged opt-in for local development
        }

        @Override
        public X509Certificate[] getAcceptedIssuers() {
            return new X509Certificate[0];
        }
    }
}
