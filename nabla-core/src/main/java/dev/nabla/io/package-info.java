/** Model files: architecture JSON plus weights in safetensors, written atomically. */
package dev.nabla.io;
