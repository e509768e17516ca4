package io.sidan.request.projection;

import java.time.Instant;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;

/** A catalogue category as last defined; the definition is the category's JSON. */
@Entity
@Table(name = "category_view")
public class CategoryView extends PanacheEntityBase {

    @Id
    public String code;
    public String definition;
    public boolean active;
    @Column(name = "sort_order")
    public int sortOrder;
    @Column(name = "stream_version")
    public long streamVersion;
    @Column(name = "updated_at")
    public Instant updatedAt;
}
