package com.arkenos.localstack.docker;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.extension.ExtendWith;

import java.lang.annotation.ElementType;
import java.lang.annotation.Inherited;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * A test class that needs a Docker engine: tagged {@value #TAG} (the Maven build runs it only with -Plocalstack)
 * and skipped, test by test and with the reason, where no Docker engine is reachable.
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@Inherited
@Tag(RequiresDocker.TAG)
@ExtendWith(DockerCondition.class)
public @interface RequiresDocker {
    String TAG = "localstack";
}
