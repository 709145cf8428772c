package dev.k6runner.gateway.bundle;

import jakarta.servlet.MultipartConfigElement;

import org.springframework.boot.servlet.MultipartConfigFactory;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.util.unit.DataSize;

import dev.k6runner.gateway.BundleProperties;

/** The servlet container's multipart limits follow the bundle limit, so an archive within it is never cut off. */
@Configuration
class BundleConfiguration {

    /** Room for the `request` part and the multipart framing around the largest archive. */
    private static final long ENVELOPE_BYTES = 1024 * 1024;

    @Bean
    MultipartConfigElement multipartConfigElement(BundleProperties properties) {
        MultipartConfigFactory factory = new MultipartConfigFactory();
        factory.setMaxFileSize(DataSize.ofBytes(properties.maxBytes() + 1));
        factory.setMaxRequestSize(DataSize.ofBytes(properties.maxBytes() + ENVELOPE_BYTES));
        factory.setFileSizeThreshold(DataSize.ofBytes(properties.maxBytes() + 1));
        return factory.createMultipartConfig();
    }
}
