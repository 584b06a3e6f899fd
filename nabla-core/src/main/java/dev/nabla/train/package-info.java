/** The fit loop, callbacks (EarlyStopping, ReduceLROnPlateau), metrics and History. */
package dev.nabla.train;
