package io.sidan.rating;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.sidan.testing.SidanTestResource;

/** Every test of this module runs against the shared real broker and a real database named "rating". */
@QuarkusTestResource(value = SidanTestResource.class, initArgs = @ResourceArg(name = "database", value = "rating"))
public class RatingServiceTestResources {
}
