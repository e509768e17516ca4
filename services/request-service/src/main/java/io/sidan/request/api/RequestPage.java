package io.sidan.request.api;

import java.util.List;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

@Schema(name = "RequestPage", description = "One page of requests")
public record RequestPage(List<RequestDetails> items, int page, int size, long total) {
}
